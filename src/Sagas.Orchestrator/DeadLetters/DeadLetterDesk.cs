using Microsoft.EntityFrameworkCore;
using Sagas.Kafka;
using Sagas.Orchestrator.Data;
using Sagas.Outbox.Sending;

namespace Sagas.Orchestrator.DeadLetters;

/// <summary>Who acts on a dead letter and why.</summary>
public sealed record OperatorRequest(string Operator, string? Reason);

/// <summary>
/// Redrives and discards dead-letter records, once each. The decision, the redriven copy (an outbox row, produced to the
/// original topic once the transaction commits) and the audit entry commit together; the settlement's key (topic,
/// partition, offset) makes a second redrive, even a concurrent one, find the first and produce nothing.
/// </summary>
public sealed class DeadLetterDesk(OrchestratorDbContext db, OutboxWriter<OrchestratorDbContext> outbox, TimeProvider time)
{
    /// <summary>Redrives <paramref name="record"/> (null: not found at <paramref name="position"/>) to its original topic, keeping its key.</summary>
    public Task<DeadLetterOutcome> Redrive(string topic, DeadLetterPosition position, DeadLetterRecord? record, OperatorRequest request,
        CancellationToken cancellationToken) =>
        Settle(DeadLetterAction.Redrive, topic, position, record, request, cancellationToken);

    /// <summary>Records <paramref name="record"/> as discarded; Kafka keeps it, the list no longer offers it.</summary>
    public Task<DeadLetterOutcome> Discard(string topic, DeadLetterPosition position, DeadLetterRecord? record, OperatorRequest request,
        CancellationToken cancellationToken) =>
        Settle(DeadLetterAction.Discard, topic, position, record, request, cancellationToken);

    /// <summary>The settlements among <paramref name="records"/>, by position.</summary>
    public async Task<IReadOnlyDictionary<DeadLetterPosition, DeadLetterSettlement>> SettlementsOf(string topic,
        IReadOnlyCollection<DeadLetterRecord> records, CancellationToken cancellationToken)
    {
        var found = new Dictionary<DeadLetterPosition, DeadLetterSettlement>();
        foreach (var partition in records.GroupBy(record => record.Partition))
        {
            var (first, last) = (partition.Min(record => record.Offset), partition.Max(record => record.Offset));
            var settlements = await db.DeadLetterSettlements.AsNoTracking()
                .Where(s => s.Topic == topic && s.Partition == partition.Key && s.Offset >= first && s.Offset <= last)
                .ToListAsync(cancellationToken);
            foreach (var settlement in settlements)
                found[new DeadLetterPosition(settlement.Partition, settlement.Offset)] = settlement;
        }

        return found;
    }

    /// <summary>The most recent audit entries, newest first, of one topic or all.</summary>
    public async Task<IReadOnlyList<DeadLetterAuditEntry>> Audit(string? topic, int limit, CancellationToken cancellationToken) =>
        await db.DeadLetterAudit.AsNoTracking()
            .Where(entry => topic == null || entry.Topic == topic)
            .OrderByDescending(entry => entry.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);

    async Task<DeadLetterOutcome> Settle(DeadLetterAction action, string topic, DeadLetterPosition position, DeadLetterRecord? record,
        OperatorRequest request, CancellationToken cancellationToken)
    {
        var outcome = record is null ? DeadLetterOutcome.NotFound : await Decide(action, topic, position, record, request, cancellationToken);
        if (outcome is DeadLetterOutcome.Redriven or DeadLetterOutcome.Discarded)
        {
            try
            {
                // The settlement, the copy to produce and the audit entry commit together, or none of them.
                Audit(action, topic, position, request, outcome);
                await db.SaveChangesAsync(cancellationToken);
                return outcome;
            }
            catch (DbUpdateException)
            {
                if (await SettledMeanwhile(topic, position, cancellationToken) is not { } settlement)
                    throw;
                outcome = Already(settlement);
            }
        }

        Audit(action, topic, position, request, outcome);
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    /// <summary>What the action comes to; when it is to happen, the settlement (and for a redrive the copy) is added, not saved.</summary>
    async Task<DeadLetterOutcome> Decide(DeadLetterAction action, string topic, DeadLetterPosition position, DeadLetterRecord record,
        OperatorRequest request, CancellationToken cancellationToken)
    {
        if (await db.DeadLetterSettlements.FindAsync([topic, position.Partition, position.Offset], cancellationToken) is { } settled)
            return Already(settled);
        if (action == DeadLetterAction.Discard)
        {
            Settled(action, topic, position, request);
            return DeadLetterOutcome.Discarded;
        }

        if (SagaKeyOf(record) is not { } sagaId)
            return DeadLetterOutcome.NotRedrivable;
        Settled(action, topic, position, request);
        await outbox.Add(new KafkaRecord(record.OriginalTopic, sagaId, record.Value ?? [], record.RedriveHeaders()), cancellationToken);
        return DeadLetterOutcome.Redriven;
    }

    void Settled(DeadLetterAction action, string topic, DeadLetterPosition position, OperatorRequest request) =>
        db.DeadLetterSettlements.Add(new DeadLetterSettlement
        {
            Topic = topic, Partition = position.Partition, Offset = position.Offset, Action = action,
            Operator = request.Operator, Reason = request.Reason, SettledAt = time.GetUtcNow(),
        });

    /// <summary>A concurrent request settled the record first: forget this one's rows and read what it decided.</summary>
    async Task<DeadLetterSettlement?> SettledMeanwhile(string topic, DeadLetterPosition position, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.DeadLetterSettlements.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Topic == topic && s.Partition == position.Partition && s.Offset == position.Offset, cancellationToken);
    }

    void Audit(DeadLetterAction action, string topic, DeadLetterPosition position, OperatorRequest request, DeadLetterOutcome outcome) =>
        db.DeadLetterAudit.Add(new DeadLetterAuditEntry
        {
            At = time.GetUtcNow(), Operator = request.Operator, Action = action, Topic = topic, Partition = position.Partition,
            Offset = position.Offset, Reason = request.Reason, Outcome = outcome,
        });

    static DeadLetterOutcome Already(DeadLetterSettlement settlement) =>
        settlement.Action == DeadLetterAction.Redrive ? DeadLetterOutcome.AlreadyRedriven : DeadLetterOutcome.AlreadyDiscarded;

    /// <summary>The saga id the key holds, if the copy can carry the very same key bytes (the outbox keys records by saga id).</summary>
    static Guid? SagaKeyOf(DeadLetterRecord record) =>
        RecordKey.TryDecode(record.Key) is { } sagaId && RecordKey.Encode(sagaId).AsSpan().SequenceEqual(record.Key) ? sagaId : null;
}
