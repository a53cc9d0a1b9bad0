using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sagas.Contracts.Events;
using Sagas.Contracts.Inventory;
using Sagas.Contracts.Ledger;
using Sagas.Contracts.Sagas;
using Sagas.Kafka.Embedded;
using Sagas.Messaging;
using Sagas.Standalone.Tests.Support;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

/// <summary>
/// On the embedded broker: a transfer and an order put their events on the event topics exactly once each, keyed for
/// order (saga events by the saga, ledger events by the customer account, stock by the order) and carrying their
/// positions (the history step, the journal sequence, the movement sequence).
/// </summary>
public class When_a_transfer_and_an_order_publish_events
{
    static readonly TopicOptions Topics = new();

    [Fact]
    public async Task Each_event_is_on_its_topic_once_with_its_key_and_position()
    {
        // The platform's own embedded broker is internal to it: this test brings one it can read, with the topics made.
        await using var cluster = EmbeddedKafkaCluster.Start();
        foreach (var topic in Topics.All().SelectMany(topic => new[] { topic, topic + ".dlq" }))
            cluster.CreateTopic(topic, partitions: 3);
        await using var platform = new StandaloneFactory(new()
        {
            ["Kafka:BootstrapServers"] = cluster.BootstrapServers, ["Kafka:ProvisionTopics"] = "false", ["Kafka:FetchWaitMaxMs"] = "10",
            ["Kafka:ProduceMaxInFlight"] = "1",
        });
        var client = platform.CreateClient();
        await platform.OpenAccount("ann", 100m);
        await platform.OpenAccount("bob", 0m);
        await platform.OpenAccount("shop", 0m);
        (await client.PutAsJsonAsync("/api/inventory/widget", new { available = 5 })).EnsureSuccessStatusCode();
        var transferId = await Start(client, "/api/transfers", new { fromAccountId = "ann", toAccountId = "bob", amount = 30m, currency = "USD" }, "transferId");
        var orderId = await Start(client, "/api/orders", new
        {
            customerAccountId = "ann", merchantAccountId = "shop", currency = "USD", items = new[] { new { sku = "widget", quantity = 2, unitPrice = 10m } },
            shipToCountry = "US",
        }, "orderId");
        var bootstrap = cluster.BootstrapServers;

        var records = await Eventually.Value(() => Task.FromResult(TopicContents.Read(bootstrap, Topics.All())),
            all => all.Count(r => r.Type == "SagaEnded") == 2 && all.Count(r => r.Type == "PostingRecorded") == 5 && all.Count(r => r.Type == "StockChanged") == 3,
            "both sagas ended and their events are out", TimeSpan.FromSeconds(30));

        // The sagas: one event per history step, on saga.events, keyed by the saga, numbered 1..n.
        Assert.Equal(["SagaStarted", "SagaStepped", "SagaStepped", "SagaEnded"], SagaEvents(records, transferId).Select(r => r.Type));
        Assert.Equal([1, 2, 3, 4], SagaEvents(records, transferId).Select(Step));
        Assert.Equal(Enumerable.Range(1, 7), SagaEvents(records, orderId).Select(Step));
        Assert.Equal("Completed", SagaEvents(records, orderId)[^1].As<SagaEnded>().Outcome);

        // The ledger: ann's funded opening, the transfer's debit and credit, the order's charge and payout; keyed by account.
        var postings = records.Where(r => r.Topic == Topics.LedgerEvents && r.Type == "PostingRecorded").Select(r => (r.Key, Posting: r.As<PostingRecorded>())).ToList();
        Assert.All(postings, p => Assert.Equal(StreamKeys.Account(p.Posting.AccountId), p.Key));
        Assert.Equal([("ann", "Debit", -30m), ("bob", "Credit", 30m)], Postings(postings, transferId));
        Assert.Equal([("ann", "Debit", -20m), ("shop", "Credit", 20m)], Postings(postings, orderId));
        var annSequences = postings.Where(p => p.Key == StreamKeys.Account("ann")).Select(p => p.Posting.Sequence).ToList();
        Assert.Equal(annSequences.Order(), annSequences);
        Assert.Equal(3, records.Count(r => r.Topic == Topics.LedgerEvents && r.Type == "AccountOpened"));

        // The inventory: stock set by hand (keyed by the SKU), then reserved and sold by the order (keyed by it).
        // Keys on different partitions arrive in any order between them; the movement sequence orders them.
        var stock = records.Where(r => r.Topic == Topics.InventoryEvents).Select(r => (r.Key, Change: r.As<StockChanged>()))
            .OrderBy(r => r.Change.Changes[0].Sequence).ToList();
        Assert.Equal([(StreamKeys.Sku("widget"), "Set"), (orderId, "Reserved"), (orderId, "Sold")], stock.Select(r => (r.Key, r.Change.Kind)));
        Assert.Equal([1L, 2L, 3L], stock.SelectMany(r => r.Change.Changes.Select(c => c.Sequence)));

        // What a plain transfer costs in records: 7 commands and replies, 4 saga events, 2 postings.
        var ofTransfer = records.Where(r => r.Key == transferId || r.SagaId == transferId).ToList();
        Assert.Equal(13, ofTransfer.Count);
        Assert.Equal(7, ofTransfer.Count(r => r.Topic != Topics.SagaEvents && r.Topic != Topics.LedgerEvents));
    }

    static async Task<Guid> Start(HttpClient client, string path, object body, string idProperty)
    {
        var response = await client.PostWithKey(path, body, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty(idProperty).GetGuid();
    }

    static List<TopicRecord> SagaEvents(List<TopicRecord> records, Guid sagaId) =>
        [.. records.Where(r => r.Topic == Topics.SagaEvents && r.Key == sagaId).OrderBy(Step)];

    static int Step(TopicRecord record) => record.Type switch
    {
        "SagaStarted" => record.As<SagaStarted>().Step,
        "SagaStepped" => record.As<SagaStepped>().Step,
        _ => record.As<SagaEnded>().Step,
    };

    static List<(string, string, decimal)> Postings(List<(Guid Key, PostingRecorded Posting)> postings, Guid sagaId) =>
        [.. postings.Select(p => p.Posting).Where(p => p.SagaId == sagaId).OrderBy(p => p.Sequence).Select(p => (p.AccountId, p.Kind, p.Amount))];
}
