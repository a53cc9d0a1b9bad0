using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sagas.Bench.Invariants;
using Sagas.Bench.Workload;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Bench.Targets;

/// <summary>The platform's HTTP API as the benchmark uses it; the same calls a person makes with curl.</summary>
public sealed class PlatformApi(HttpClient http)
{
    public const int MaxPageSize = 200;
    const int Attempts = 3;
    static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(250);
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Waits (at most two minutes) until <c>/health/ready</c> answers 200, as a client of a platform that may still be
    /// starting would: until then the platform refuses new sagas with 503.
    /// </summary>
    public async Task WaitUntilReady(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyTimeout);
        var last = "no answer";
        try
        {
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync("/health/ready", deadline.Token);
                    if (response.IsSuccessStatusCode)
                        return;
                    last = await response.Content.ReadAsStringAsync(deadline.Token);
                }
                catch (HttpRequestException exception)
                {
                    last = exception.Message;
                }

                await Task.Delay(ReadyPollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The platform was not ready within {ReadyTimeout}; its last answer: {last}");
        }
    }

    public async Task OpenAccount(string accountId, decimal openingBalance, CancellationToken cancellationToken) =>
        await Ensure(await http.PostAsJsonAsync("/api/accounts",
            new { accountId, currency = WorkloadPlan.Currency, openingBalance }, Json, cancellationToken), "open account " + accountId);

    public async Task Freeze(string accountId, CancellationToken cancellationToken) =>
        await Ensure(await http.PostAsync($"/api/accounts/{accountId}/freeze", null, cancellationToken), "freeze " + accountId);

    public async Task SetStock(string sku, int available, CancellationToken cancellationToken) =>
        await Ensure(await http.PutAsJsonAsync($"/api/inventory/{sku}", new { available }, Json, cancellationToken), "stock " + sku);

    public async Task<decimal> Balance(string accountId, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/accounts/{accountId}", Json, cancellationToken)).GetProperty("balance").GetDecimal();

    /// <summary>Posts the saga's request; a failed attempt is retried with the same Idempotency-Key, which makes retrying safe.</summary>
    public async Task<Guid> Start(PlannedSaga saga, string runTag, CancellationToken cancellationToken)
    {
        var (path, body, idProperty) = Request(saga);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
            request.Headers.Add("Idempotency-Key", saga.IdempotencyKey(runTag));
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                    return (await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty(idProperty).GetGuid();
                if (attempt == Attempts || (int)response.StatusCode < 500)
                    throw new InvalidOperationException($"Starting saga {saga.Index} answered {(int)response.StatusCode}: " +
                        await response.Content.ReadAsStringAsync(cancellationToken));
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
                // A dropped connection: the next attempt either starts the saga or finds the one already started.
            }
        }
    }

    /// <summary>How many sagas of a type are in a state, all runs together.</summary>
    public async Task<long> Count(string type, string state, CancellationToken cancellationToken) =>
        (await Page(type, state, 1, 1, cancellationToken)).Total;

    public async Task<SagaListPage> Page(string type, string? state, int page, int pageSize, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SagaListPage>(
            $"/api/sagas?type={type}&page={page}&pageSize={pageSize}" + (state is null ? "" : $"&state={state}"), Json, cancellationToken)
        ?? throw new InvalidOperationException("The saga listing was empty.");

    public async Task<IReadOnlyList<SagaStep>?> History(string type, Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/api/sagas/{type}/{id}", cancellationToken);
        if (!response.IsSuccessStatusCode)
            return null;
        return (await response.Content.ReadFromJsonAsync<SagaHistory>(Json, cancellationToken))?.History;
    }

    public static string TypeOf(SagaKind kind) => kind == SagaKind.Transfer ? "transfer" : "order";

    static (string Path, object Body, string IdProperty) Request(PlannedSaga saga) => saga.Kind switch
    {
        SagaKind.Transfer => ("/api/transfers", new
        {
            fromAccountId = saga.Payment.Payer,
            toAccountId = saga.Payment.Payee,
            amount = saga.Payment.Amount,
            currency = WorkloadPlan.Currency,
        }, "transferId"),
        _ => ("/api/orders", new
        {
            customerAccountId = saga.Payment.Payer,
            merchantAccountId = saga.Payment.Payee,
            currency = WorkloadPlan.Currency,
            shipToCountry = WorkloadPlan.ShipToCountry,
            items = new[] { new { sku = saga.Sku, quantity = 1, unitPrice = saga.Payment.Amount } },
        }, "orderId"),
    };

    static async Task Ensure(HttpResponseMessage response, string what)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary>A page of <c>GET /api/sagas</c>.</summary>
public sealed record SagaListPage(IReadOnlyList<SagaListItem> Items, int Page, int PageSize, long Total);

/// <summary>One saga in <c>GET /api/sagas</c>.</summary>
public sealed record SagaListItem(Guid Id, string State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The part of <c>GET /api/sagas/{type}/{id}</c> the benchmark reads.</summary>
public sealed record SagaHistory(IReadOnlyList<SagaStep> History);
