using System.Diagnostics;

namespace Sagas.Observability.Tests;

/// <summary>One transfer, from the HTTP request to the saga's completion, is one trace whose spans form one chain.</summary>
public sealed class When_one_transfer_is_traced : IClassFixture<When_one_transfer_is_traced.Run>
{
    readonly Run _run;

    public When_one_transfer_is_traced(Run run) => _run = run;

    [Fact]
    public void Every_span_about_the_transfer_is_in_the_trace_of_its_http_request()
    {
        var aboutTheTransfer = _run.Spans.Where(span => Mentions(span, _run.TransferId)).ToList();
        Assert.NotEmpty(aboutTheTransfer);
        Assert.All(aboutTheTransfer, span => Assert.Equal(_run.Request.TraceId, span.TraceId));
    }

    [Fact]
    public void The_completion_descends_from_the_request_through_every_worker()
    {
        // The request runs the saga's first transition itself, through the transfer topic's own receive pipeline.
        string[] hops =
        [
            TransferRoute,
            "transfer.events create", "transfer.events receive", "TransferStateMachine",
            "fraud.commands create", "fraud.commands receive",
            "transfer.events create", "transfer.events receive", "TransferStateMachine",
            "debit.commands create", "debit.commands receive",
            "transfer.events create", "transfer.events receive", "TransferStateMachine",
            "credit.commands create", "credit.commands receive",
            "transfer.events create", "transfer.events receive", "TransferStateMachine (Completed)",
        ];
        Assert.Equal(hops, Describe(_run.ChainToCompletion).Where(hops.Contains).ToArray());
    }

    [Fact]
    public void Each_command_is_sent_once_inside_the_span_it_was_created_in()
    {
        var commands = Ours(" create").Where(span => span.DisplayName.Contains(".commands", StringComparison.Ordinal)).ToList();
        Assert.Equal(Commands, commands.Count);
        Assert.All(commands, create => Assert.Single(Ours(" send"), send => send.ParentSpanId == create.SpanId));
    }

    [Fact]
    public void Every_send_belongs_to_a_create_of_the_same_topic()
    {
        var creates = Ours(" create").ToDictionary(span => span.SpanId);
        Assert.All(Ours(" send"), send => Assert.Equal(send.DisplayName.Replace(" send", " create", StringComparison.Ordinal),
            creates[send.ParentSpanId].DisplayName));
    }

    /// <summary>Our Kafka spans about the transfer; a scheduled timeout's record is created but sent only if it falls due.</summary>
    IEnumerable<Activity> Ours(string operation) =>
        _run.Spans.Where(span => span.Source.Name == "Sagas.Kafka" && span.DisplayName.EndsWith(operation, StringComparison.Ordinal) && Mentions(span, _run.TransferId));

    static bool Mentions(Activity span, Guid transferId) =>
        span.TagObjects.Any(tag => tag.Value?.ToString() == transferId.ToString("D"));

    /// <summary>Names a span for the chain: ours and MassTransit's by what they did, the saga's completing step by its end state.</summary>
    static IEnumerable<string> Describe(IEnumerable<Activity> chain) => chain.Select(span =>
        span.GetTagItem("messaging.masstransit.consumer_type") is string consumer
            ? span.GetTagItem("messaging.masstransit.end_state") is "Completed" ? $"{consumer} (Completed)" : consumer
            : span.DisplayName);

    const string TransferRoute = "POST /api/transfers/";

    /// <summary>CheckFraud, DebitAccount, CreditAccount, SendNotification.</summary>
    const int Commands = 4;

    public sealed class Run : IAsyncLifetime
    {
        readonly ObservedPlatform _platform = new();

        public Guid TransferId { get; private set; }

        public IReadOnlyList<Activity> Spans { get; private set; } = [];

        public Activity Request { get; private set; } = null!;

        public IReadOnlyList<System.Text.Json.JsonElement> Logs => _platform.Logs.All;

        /// <summary>The spans from the request down to the span that moved the saga to Completed, root first.</summary>
        public IReadOnlyList<Activity> ChainToCompletion { get; private set; } = [];

        public async Task InitializeAsync()
        {
            await _platform.OpenAccount("ann", 100m);
            await _platform.OpenAccount("ben", 0m);
            TransferId = await _platform.StartTransfer("ann", "ben", 25m);
            Assert.Equal("Completed", await _platform.Outcome(TransferId));

            Activity? completion = null;
            await Sagas.Testing.Eventually.Until(() => Task.FromResult((completion = _platform.FinishedSpans().FirstOrDefault(span =>
                span.GetTagItem("messaging.masstransit.end_state") is "Completed"
                && span.GetTagItem("messaging.masstransit.saga_id") as string == TransferId.ToString("D"))) is not null), "the completing saga span ended");
            // With the outbox, the completion's notification is sent by the relay after the transition committed.
            await Sagas.Testing.Eventually.Until(() => Task.FromResult(_platform.FinishedSpans().Count(span => span.Source.Name == "Sagas.Kafka"
                && span.DisplayName.EndsWith(".commands send", StringComparison.Ordinal) && Mentions(span, TransferId)) >= Commands), "every command was sent");
            // A span ends after the spans inside it: the receive that holds the completion may still be open.
            await Sagas.Testing.Eventually.Until(() => Task.FromResult(ChainTo(completion!, _platform.FinishedSpans()).Any(IsTheRequest)),
                "every span from the request down to the completion ended");
            Spans = _platform.FinishedSpans();
            Request = Spans.Single(IsTheRequest);
            ChainToCompletion = ChainTo(completion!, Spans);
        }

        public async Task DisposeAsync() => await _platform.DisposeAsync();

        static bool IsTheRequest(Activity span) => span.Kind == ActivityKind.Server && span.DisplayName == TransferRoute;

        static List<Activity> ChainTo(Activity leaf, IReadOnlyList<Activity> spans)
        {
            var bySpanId = spans.GroupBy(span => span.SpanId).ToDictionary(group => group.Key, group => group.First());
            var chain = new List<Activity>();
            for (Activity? span = leaf; span is not null && chain.Count <= spans.Count; span = bySpanId.GetValueOrDefault(span.ParentSpanId))
                chain.Add(span);
            chain.Reverse();
            return chain;
        }
    }
}
