using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sagas.Standalone.Tests.Support;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

/// <summary>
/// The transfer's first transition runs in the request that starts it, in the transaction that stores its idempotency
/// key: the saga exists when the 202 is sent, and so does its first command, in the outbox. A crash right after the
/// answer loses neither.
/// </summary>
public class When_a_transfer_is_accepted
{
    [Fact]
    public async Task The_saga_exists_at_the_answer_and_survives_a_crash_right_after_it()
    {
        using var data = new TemporaryDirectory();
        var settings = new Dictionary<string, string> { ["Persistence:DataDirectory"] = data.Path };
        Guid id;
        await using (var first = await PlatformProcess.Start(settings))
        {
            await first.Client.OpenAccount("ann", 100m);
            await first.Client.OpenAccount("bob", 0m);

            var response = await first.Client.PostWithKey("/api/transfers", new { fromAccountId = "ann", toAccountId = "bob", amount = 30m, currency = "USD" },
                "accepted-then-crash");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
            id = accepted.GetProperty("transferId").GetGuid();
            Assert.Equal("Screening", accepted.GetProperty("state").GetString());

            var saga = await first.Client.Saga("transfers", id);
            Assert.NotNull(saga);
            Assert.Equal(["Screening"], saga.Value.Path());
            await first.Kill();
        }

        await using var second = await PlatformProcess.Start(settings);
        await second.Eventually(() => second.Client.Saga("transfers", id), saga => saga?.GetProperty("state").GetString() == "Completed",
            "the transfer accepted before the crash completed after the restart", TimeSpan.FromSeconds(60));
        Assert.Equal(70m, await second.Client.Balance("ann"));
        Assert.Equal(30m, await second.Client.Balance("bob"));
    }
}
