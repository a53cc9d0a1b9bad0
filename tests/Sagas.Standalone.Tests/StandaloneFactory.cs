using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

/// <summary>
/// The standalone host as it runs for a person: embedded Kafka broker, SQLite files, every worker; only the
/// HTTP server is in-process.
/// </summary>
public sealed class StandaloneFactory(Dictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    readonly TemporaryDirectory _data = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Persistence:DataDirectory", _data.Path);
        builder.UseSetting("Transfers:StepTimeout", "00:00:10");
        foreach (var (key, value) in settings ?? [])
            builder.UseSetting(key, value);
    }

    /// <summary>Hands the host to the tests once it is ready, as a client waits for <c>/health/ready</c> before it starts work.</summary>
    protected override IHost CreateHost(IHostBuilder builder) => Readiness.WaitUntilReady(base.CreateHost(builder));

    public async Task OpenAccount(string id, decimal balance)
    {
        var response = await CreateClient().PostAsJsonAsync("/api/accounts", new { accountId = id, currency = "USD", openingBalance = balance });
        response.EnsureSuccessStatusCode();
    }

    public async Task<decimal> Balance(string id) =>
        (await CreateClient().GetFromJsonAsync<JsonElement>($"/api/accounts/{id}")).GetProperty("balance").GetDecimal();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
    }
}
