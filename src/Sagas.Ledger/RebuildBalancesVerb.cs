using Microsoft.Extensions.DependencyInjection;
using Sagas.Hosting;

namespace Sagas.Ledger;

/// <summary>
/// <c>dotnet Sagas.Ledger.Host.dll rebuild-balances</c> (or any host running the ledger): rebuilds every balance from
/// the journal and lists what it corrected. Exits 1 when the journal names a customer account that has no row.
/// </summary>
sealed class RebuildBalancesVerb : IHostVerb
{
    public const string Verb = "rebuild-balances";

    public string Name => Verb;

    public string Description => "rebuild every account's balance from the journal, then exit";

    public async Task<int> Run(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var rebuild = await scope.ServiceProvider.GetRequiredService<LedgerService>().RebuildBalances(cancellationToken);
        Console.WriteLine($"ledger: {rebuild.Accounts} accounts read, {rebuild.Corrected.Count} balances rebuilt from the journal");
        foreach (var correction in rebuild.Corrected)
            Console.WriteLine($"  {correction.AccountId}: {correction.Was} -> {correction.Is} {correction.Currency}");
        foreach (var account in rebuild.UnknownAccounts)
            await Console.Error.WriteLineAsync($"  {account}: the journal names it, but it has no account row");
        return rebuild.UnknownAccounts.Count == 0 ? 0 : 1;
    }
}
