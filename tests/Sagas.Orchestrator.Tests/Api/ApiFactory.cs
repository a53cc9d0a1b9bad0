using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Sagas.Testing;

namespace Sagas.Orchestrator.Tests.Api;

/// <summary>The standalone host behind an in-process HTTP client, on its embedded Kafka broker and SQLite files.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    readonly TemporaryDirectory _data = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Persistence:DataDirectory", _data.Path);
        builder.UseSetting("Fraud:MaxAmount", "10000");
    }

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
    }
}
