using System.Globalization;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Sagas.Hosting.Http;
using Sagas.Kafka;
using Sagas.Orchestrator.DeadLetters;

namespace Sagas.Orchestrator.Api;

/// <summary>
/// The dead-letter topics for operators: list, show, redrive to the original topic, discard. Every action is audited
/// with the caller's <c>X-Operator</c> header (until authentication arrives) and is idempotent.
/// </summary>
public static class DeadLettersApi
{
    const string OperatorHeader = "X-Operator";
    const int MaxPageSize = 200;
    const int MaxRedrive = 500;

    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        var dlq = app.MapGroup("/api/dlq").WithTags("Dead letters").AddEndpointFilter(KafkaUnavailable);
        dlq.MapGet("/", Topics).WithSummary("Every dead-letter topic with its original topic and record count.");
        dlq.MapGet("/audit", Audit).WithSummary("Audited dead-letter actions newest first: who, when, why, and the outcome.");
        dlq.MapGet("/{topic}/records", List).WithSummary(
            "A page of a dead-letter topic's records with their error headers and original position; pending ones only unless show=all.");
        dlq.MapGet("/{topic}/records/{partition}/{offset}", Get).WithSummary("One dead-letter record with its headers and value.");
        dlq.MapPost("/{topic}/records/{partition}/{offset}/redrive", RedriveOne).WithSummary(
            "Produce the record again to its original topic with its key and headers (not the error headers); once, however often asked.");
        dlq.MapPost("/{topic}/records/{partition}/{offset}/discard", Discard).WithSummary("Mark the record discarded, with a reason.");
        dlq.MapPost("/{topic}/redrive", RedriveMany).WithSummary("Redrive chosen records, or every pending one a bounded number per call.");
        return app;
    }

    static async Task<Results<Ok<IReadOnlyList<DeadLetterTopicView>>, ProblemHttpResult>> Topics(DeadLetterReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<DeadLetterTopicView>>([.. (await reader.Topics(cancellationToken)).Select(DeadLetterTopicView.Of)]);

    /// <summary>The page starts at <paramref name="partition"/> and <paramref name="offset"/> (both 0 when not given): a previous page's <c>next</c>.</summary>
    static async Task<Results<Ok<DeadLetterList>, ValidationProblem, ProblemHttpResult>> List(string topic, string? partition, string? offset,
        int? limit, string? show, DeadLetterReader reader, DeadLetterDesk desk, CancellationToken cancellationToken)
    {
        var errors = CheckRecord(topic, partition ?? "0", offset ?? "0", reader, out var from)
            .Check(limit is < 1 or > MaxPageSize, "limit", $"A page holds 1 to {MaxPageSize} records.")
            .Check(show is not (null or "pending" or "all"), "show", "Show 'pending' records (the default) or 'all'.");
        if (errors.Any)
            return errors.ToProblem();
        if (await reader.Topic(topic, cancellationToken) is not { } found)
            return Problems.NotFound($"No dead-letter topic '{topic}'.");

        var page = await reader.Read(found, from, limit ?? 50, cancellationToken);
        var settlements = await desk.SettlementsOf(topic, page.Records, cancellationToken);
        var items = page.Records.Select(record => DeadLetterSummary.Of(record, settlements.GetValueOrDefault(Position(record))))
            .Where(item => show == "all" || item.Settlement is null);
        return TypedResults.Ok(new DeadLetterList([.. items], page.Next));
    }

    static async Task<Results<Ok<DeadLetterDetail>, ValidationProblem, ProblemHttpResult>> Get(string topic, string partition, string offset,
        DeadLetterReader reader, DeadLetterDesk desk, CancellationToken cancellationToken)
    {
        if (CheckRecord(topic, partition, offset, reader, out var position) is { Any: true } errors)
            return errors.ToProblem();
        if (await FindRecord(reader, topic, position, cancellationToken) is not (_, { } record))
            return Problems.NotFound($"No record at partition {position.Partition}, offset {position.Offset} of '{topic}'.");

        var settlements = await desk.SettlementsOf(topic, [record], cancellationToken);
        return TypedResults.Ok(DeadLetterDetail.Of(record, settlements.GetValueOrDefault(position)));
    }

    static async Task<Results<Ok<DeadLetterActionResult>, ValidationProblem, ProblemHttpResult>> RedriveOne(string topic, string partition,
        string offset, DeadLetterActionRequest? request, [FromHeader(Name = OperatorHeader)] string? caller, DeadLetterReader reader,
        DeadLetterDesk desk, CancellationToken cancellationToken)
    {
        var errors = CheckRecord(topic, partition, offset, reader, out var position);
        if (CheckOperator(errors, caller, request?.Reason, reasonRequired: false) is { Any: true })
            return errors.ToProblem();
        if (await FindRecord(reader, topic, position, cancellationToken) is not ({ }, var record))
            return Problems.NotFound($"No dead-letter topic '{topic}'.");

        var outcome = await desk.Redrive(topic, position, record, Operator(caller, request?.Reason), cancellationToken);
        return Answer(topic, position, outcome, DeadLetterOutcome.Redriven, DeadLetterOutcome.AlreadyRedriven);
    }

    static async Task<Results<Ok<DeadLetterActionResult>, ValidationProblem, ProblemHttpResult>> Discard(string topic, string partition,
        string offset, DeadLetterActionRequest? request, [FromHeader(Name = OperatorHeader)] string? caller, DeadLetterReader reader,
        DeadLetterDesk desk, CancellationToken cancellationToken)
    {
        var errors = CheckRecord(topic, partition, offset, reader, out var position);
        if (CheckOperator(errors, caller, request?.Reason, reasonRequired: true) is { Any: true })
            return errors.ToProblem();
        if (await FindRecord(reader, topic, position, cancellationToken) is not ({ }, var record))
            return Problems.NotFound($"No dead-letter topic '{topic}'.");

        var outcome = await desk.Discard(topic, position, record, Operator(caller, request?.Reason), cancellationToken);
        return Answer(topic, position, outcome, DeadLetterOutcome.Discarded, DeadLetterOutcome.AlreadyDiscarded);
    }

    static async Task<Results<Ok<DeadLetterRedriveResult>, ValidationProblem, ProblemHttpResult>> RedriveMany(string topic,
        DeadLetterRedriveRequest request, [FromHeader(Name = OperatorHeader)] string? caller, DeadLetterReader reader, DeadLetterDesk desk,
        CancellationToken cancellationToken)
    {
        var errors = CheckTopic(new Problems.Errors(), topic, reader)
            .Check(request.All == request.Records is { Count: > 0 }, "records", "Name the records to redrive, or ask for all of them; not both.")
            .Check(request.Records is { Count: > MaxRedrive }, "records", $"At most {MaxRedrive} records per call.")
            .Check((request.Records ?? []).Append(request.From ?? default).Any(p => p.Partition < 0 || p.Offset < 0), "records",
                "Partitions and offsets start at 0.");
        if (CheckOperator(errors, caller, request.Reason, reasonRequired: false) is { Any: true })
            return errors.ToProblem();
        if (await reader.Topic(topic, cancellationToken) is not { } found)
            return Problems.NotFound($"No dead-letter topic '{topic}'.");

        var (records, next) = request.All
            ? await Pending(reader, desk, found, request.From ?? default, cancellationToken)
            : (await reader.Find(found, request.Records!, cancellationToken), null);
        var positions = request.All ? records.Keys.ToList() : request.Records!.Distinct().ToList();
        var results = new List<DeadLetterActionResult>();
        foreach (var position in positions)
        {
            var outcome = await desk.Redrive(topic, position, records.GetValueOrDefault(position), Operator(caller, request.Reason), cancellationToken);
            results.Add(new DeadLetterActionResult(topic, position.Partition, position.Offset, outcome.ToString()));
        }

        return TypedResults.Ok(new DeadLetterRedriveResult(results, next));
    }

    static async Task<Results<Ok<IReadOnlyList<DeadLetterAuditView>>, ValidationProblem>> Audit(string? topic, int? limit, DeadLetterDesk desk,
        CancellationToken cancellationToken)
    {
        var errors = new Problems.Errors().Check(limit is < 1 or > MaxPageSize, "limit", $"A page holds 1 to {MaxPageSize} entries.");
        if (errors.Any)
            return errors.ToProblem();
        return TypedResults.Ok<IReadOnlyList<DeadLetterAuditView>>([.. (await desk.Audit(topic, limit ?? 50, cancellationToken)).Select(DeadLetterAuditView.Of)]);
    }

    /// <summary>Pending records from <paramref name="from"/> on, at most <see cref="MaxRedrive"/>, and where the rest starts.</summary>
    static async Task<(IReadOnlyDictionary<DeadLetterPosition, DeadLetterRecord>, DeadLetterPosition?)> Pending(DeadLetterReader reader,
        DeadLetterDesk desk, DeadLetterTopic topic, DeadLetterPosition from, CancellationToken cancellationToken)
    {
        var page = await reader.Read(topic, from, MaxRedrive, cancellationToken);
        var settlements = await desk.SettlementsOf(topic.Topic, page.Records, cancellationToken);
        return (page.Records.Where(record => !settlements.ContainsKey(Position(record))).ToDictionary(Position), page.Next);
    }

    /// <summary>The topic (null: no such dead-letter topic) and the record at the position in it (null: none there).</summary>
    static async Task<(DeadLetterTopic?, DeadLetterRecord?)> FindRecord(DeadLetterReader reader, string topic, DeadLetterPosition position,
        CancellationToken cancellationToken)
    {
        if (await reader.Topic(topic, cancellationToken) is not { } found)
            return (null, null);
        return (found, (await reader.Find(found, [position], cancellationToken)).GetValueOrDefault(position));
    }

    static Results<Ok<DeadLetterActionResult>, ValidationProblem, ProblemHttpResult> Answer(string topic, DeadLetterPosition position,
        DeadLetterOutcome outcome, DeadLetterOutcome done, DeadLetterOutcome alreadyDone) => outcome switch
    {
        _ when outcome == done || outcome == alreadyDone => TypedResults.Ok(new DeadLetterActionResult(topic, position.Partition, position.Offset, outcome.ToString())),
        DeadLetterOutcome.NotFound => Problems.NotFound($"No record at partition {position.Partition}, offset {position.Offset} of '{topic}'."),
        DeadLetterOutcome.AlreadyRedriven => Problems.Conflict($"The record at partition {position.Partition}, offset {position.Offset} was redriven already."),
        DeadLetterOutcome.AlreadyDiscarded => Problems.Conflict($"The record at partition {position.Partition}, offset {position.Offset} was discarded."),
        _ => Problems.Conflict("The record's key is not a saga id, so no copy could keep it; it cannot be redriven."),
    };

    static Problems.Errors CheckTopic(Problems.Errors errors, string topic, DeadLetterReader reader) =>
        errors.Check(topic.Length > 249 || !topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') || !reader.IsDeadLetterTopic(topic),
            "topic", $"A dead-letter topic is named for its topic with '{reader.Suffix}' after it, in letters, digits, '.', '_' and '-'.");

    static Problems.Errors CheckRecord(string topic, string partition, string offset, DeadLetterReader reader, out DeadLetterPosition position)
    {
        var validPartition = int.TryParse(partition, NumberStyles.None, CultureInfo.InvariantCulture, out var p);
        var validOffset = long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var o);
        position = new DeadLetterPosition(p, o);
        return CheckTopic(new Problems.Errors(), topic, reader)
            .Check(!validPartition, "partition", "A partition is a number from 0.")
            .Check(!validOffset, "offset", "An offset is a number from 0.");
    }

    static Problems.Errors CheckOperator(Problems.Errors errors, string? caller, string? reason, bool reasonRequired) =>
        errors.Check(caller is { Length: > DeadLetterMaps.OperatorLength } || (caller ?? "").Any(char.IsControl), OperatorHeader,
                $"The operator is named in at most {DeadLetterMaps.OperatorLength} printable characters.")
            .Check(reasonRequired && string.IsNullOrWhiteSpace(reason), "reason", "Say why.")
            .Check(reason is { Length: > DeadLetterMaps.ReasonLength }, "reason", $"A reason holds at most {DeadLetterMaps.ReasonLength} characters.");

    static OperatorRequest Operator(string? caller, string? reason) =>
        new(string.IsNullOrWhiteSpace(caller) ? "anonymous" : caller.Trim(), string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());

    static DeadLetterPosition Position(DeadLetterRecord record) => new(record.Partition, record.Offset);

    /// <summary>Kafka out of reach is the service being unavailable for a moment, not an error of the service.</summary>
    static async ValueTask<object?> KafkaUnavailable(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (KafkaException exception)
        {
            return TypedResults.Problem(title: "Kafka unavailable", detail: exception.Error.Reason, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
