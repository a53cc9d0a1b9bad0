using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sagas.Hosting.Http;

namespace Sagas.Ledger;

/// <summary>A request to open an account.</summary>
public record OpenAccountRequest(string? AccountId, string? Currency, decimal OpeningBalance);

/// <summary>An account as people see it.</summary>
public record AccountView(string AccountId, string Currency, decimal Balance, bool Frozen)
{
    public static AccountView Of(AccountSnapshot account) => new(account.AccountId, account.Currency, account.Balance, account.IsFrozen);
}

/// <summary>Ledger administration: accounts are opened, read and frozen directly in the ledger's database.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/accounts").WithTags("Accounts");
        accounts.MapPost("/", Open).WithSummary("Open an account, funded with its opening balance.");
        accounts.MapGet("/{id}", Get).WithName("GetAccount").WithSummary("An account's balance and status.");
        accounts.MapPost("/{id}/freeze", (string id, LedgerService ledger, CancellationToken ct) => SetFrozen(id, true, ledger, ct))
            .WithSummary("Freeze an account: it can neither pay nor be paid.");
        accounts.MapPost("/{id}/unfreeze", (string id, LedgerService ledger, CancellationToken ct) => SetFrozen(id, false, ledger, ct))
            .WithSummary("Unfreeze an account.");
        return app;
    }

    static async Task<Results<CreatedAtRoute<AccountView>, ValidationProblem, ProblemHttpResult>> Open(OpenAccountRequest request,
        LedgerService ledger, CancellationToken cancellationToken)
    {
        var errors = new Problems.Errors().Check(AccountIds.Validate(request.AccountId), "accountId");
        if (errors.Any)
            return errors.ToProblem();

        var result = await ledger.OpenAccount(request.AccountId!, request.Currency ?? "", request.OpeningBalance, cancellationToken);
        return result.Status switch
        {
            OpenAccountStatus.Created => TypedResults.CreatedAtRoute(AccountView.Of(result.Account!), "GetAccount",
                new { id = result.Account!.AccountId }),
            OpenAccountStatus.AlreadyExists => Problems.Conflict($"Account {request.AccountId} already exists."),
            _ => new Problems.Errors().Check(result.Error, "account").ToProblem(),
        };
    }

    static async Task<Results<Ok<AccountView>, ProblemHttpResult>> Get(string id, LedgerService ledger,
        CancellationToken cancellationToken) =>
        await ledger.GetAccount(id, cancellationToken) is { } account
            ? TypedResults.Ok(AccountView.Of(account))
            : Problems.NotFound($"No account {id}.");

    static async Task<Results<Ok<AccountView>, ProblemHttpResult>> SetFrozen(string id, bool frozen, LedgerService ledger,
        CancellationToken cancellationToken)
    {
        var changed = frozen ? await ledger.Freeze(id, cancellationToken) : await ledger.Unfreeze(id, cancellationToken);
        return changed && await ledger.GetAccount(id, cancellationToken) is { } account
            ? TypedResults.Ok(AccountView.Of(account))
            : Problems.NotFound($"No account {id}.");
    }
}
