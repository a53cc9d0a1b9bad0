using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Sagas.Testing;

namespace Sagas.Orchestrator.Tests.Api;

/// <summary>
/// The standalone host behind an in-process HTTP client: the API, both sagas on their topic endpoints and every worker,
/// on its embedded Kafka broker, with SQLite files or the database <paramref name="settings"/> name. Kafka, not the test
/// harness: a POST runs the saga's first transition through the saga topic's endpoint (<c>ITopicReceiver</c>) inside
/// the request's transaction, with its sends going to the transactional outbox, which only the Kafka topic endpoints have.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    readonly TemporaryDirectory _data = new();
    readonly IReadOnlyDictionary<string, string?> _settings;

    /// <summary>On SQLite files; xunit builds a class fixture through its one public constructor.</summary>
    public ApiFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    internal ApiFactory(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Persistence:DataDirectory", _data.Path);
        builder.UseSetting("Fraud:MaxAmount", "10000");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    /// <summary>Hands the host to the tests once it is ready, as a client waits for <c>/health/ready</c> before it starts work.</summary>
    protected override IHost CreateHost(IHostBuilder builder) =>
        WaitsForReadiness ? Readiness.WaitUntilReady(base.CreateHost(builder)) : base.CreateHost(builder);

    /// <summary>False for a host the test wants to see before it is ready.</summary>
    protected virtual bool WaitsForReadiness => true;

    /// <summary>Opens an account through the API and checks it was created.</summary>
    public async Task<string> OpenAccount(decimal balance, string currency = "USD")
    {
        var id = $"acct-{Guid.NewGuid():N}";
        var response = await CreateClient().PostAsJsonAsync("/api/accounts", new { accountId = id, currency, openingBalance = balance });
        response.EnsureSuccessStatusCode();
        return id;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}
