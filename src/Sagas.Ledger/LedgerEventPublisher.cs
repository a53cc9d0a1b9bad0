using Microsoft.Extensions.Options;
using Sagas.Contracts.Events;
using Sagas.Contracts.Ledger;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Outbox;

namespace Sagas.Ledger;

/// <summary>
/// Writes what the ledger did to <c>ledger.events</c> as outbox rows of the ledger's database, so each event commits
/// with the change it tells of, or not at all. Every event is keyed by the customer account it concerns.
/// </summary>
sealed class LedgerEventPublisher(OutboxSendEndpoints<LedgerDbContext> outbox, IOptions<TopicOptions> topics)
{
    public Task Opened(LedgerAccount account, CancellationToken cancellationToken) =>
        Send(new AccountOpened(StreamKeys.Account(account.Id), account.Id, account.Currency, account.StatusVersion, account.OpenedAt), cancellationToken);

    public Task StatusChanged(string accountId, bool frozen, long statusVersion, DateTimeOffset at, CancellationToken cancellationToken) =>
        frozen
            ? Send(new AccountFrozen(StreamKeys.Account(accountId), accountId, statusVersion, at), cancellationToken)
            : Send(new AccountUnfrozen(StreamKeys.Account(accountId), accountId, statusVersion, at), cancellationToken);

    /// <summary>A posting told from the customer account's entry; both entries are saved, so their sequences are known.</summary>
    public Task Posted(JournalEntry account, JournalEntry counter, CancellationToken cancellationToken) =>
        Send(new PostingRecorded
        {
            CorrelationId = StreamKeys.Account(account.AccountId), Sequence = account.Id, PostingId = account.PostingId,
            SagaId = account.SagaId, Kind = account.Kind.ToString(), AccountId = account.AccountId, Amount = account.Amount,
            Currency = account.Currency, CounterAccountId = counter.AccountId, CounterSequence = counter.Id, RecordedAt = account.RecordedAt,
        }, cancellationToken);

    async Task Send<T>(T message, CancellationToken cancellationToken)
        where T : class =>
        await (await outbox.GetSendEndpoint(TopicAddress.For(topics.Value.LedgerEvents))).Send(message, cancellationToken);
}
