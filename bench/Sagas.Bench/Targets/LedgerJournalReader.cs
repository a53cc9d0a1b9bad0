using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Bench.Invariants;
using Sagas.Ledger;

namespace Sagas.Bench.Targets;

/// <summary>
/// Reads the journal straight from the ledger's database of a platform running in this process: every line of every
/// posting that touched one of the run's accounts, both sides, so each posting can be summed.
/// </summary>
public sealed class LedgerJournalReader(IServiceProvider services)
{
    public async Task<IReadOnlyList<JournalLine>> Read(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var ids = accounts.ToList();
        var postings = await db.Journal.AsNoTracking().Where(e => ids.Contains(e.AccountId)).Select(e => e.PostingId).Distinct()
            .ToListAsync(cancellationToken);
        return await db.Journal.AsNoTracking().Where(e => postings.Contains(e.PostingId))
            .Select(e => new JournalLine(e.PostingId, e.SagaId, e.AccountId, e.Amount)).ToListAsync(cancellationToken);
    }
}
