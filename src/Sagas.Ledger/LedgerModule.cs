using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Contracts.Ledger;
using Sagas.Hosting;
using Sagas.Hosting.Services;
using Sagas.Hosting.Workers;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Outbox;

namespace Sagas.Ledger;

/// <summary>
/// The ledger: accounts, balances and journal in its own database. The debit role takes money into clearing and
/// handles both compensations (refund, void), so a transfer whose credit role stopped answering can still be fenced;
/// the credit role pays out of clearing. It serves <c>/api/accounts</c>, publishes what it did on <c>ledger.events</c>
/// through its outbox, and adds the <c>rebuild-balances</c> verb to its hosts.
/// </summary>
public sealed class LedgerModule : WorkerService
{
    public override string Name => LedgerDbContext.Service;

    public override IReadOnlyList<WorkerRole> Roles => [WorkerRole.Debit, WorkerRole.Credit];

    public override IReadOnlyList<IHostVerb> Verbs { get; } = [new RebuildBalancesVerb()];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOwnDatabase<LedgerDbContext>(LedgerDbContext.Service);
        services.AddTransactionalOutbox<LedgerDbContext>(configuration);
        services.AddOutboxSweepLoop<LedgerDbContext>();
        services.AddScoped<LedgerService>();
        services.AddScoped<LedgerEventPublisher>();
        services.AddScoped<Postings>();
        services.AddScoped<Debits>();
        services.AddScoped<Credits>();
    }

    protected override IReadOnlyList<(Type Consumer, Type Command)> ConsumersOf(WorkerRole role) => role switch
    {
        WorkerRole.Debit =>
        [
            (typeof(DebitAccountConsumer), typeof(DebitAccount)), (typeof(RefundDebitConsumer), typeof(RefundDebit)),
            (typeof(VoidCreditConsumer), typeof(VoidCredit)),
        ],
        WorkerRole.Credit => [(typeof(CreditAccountConsumer), typeof(CreditAccount))],
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "The ledger has no such role."),
    };

    public override void AddEndpoints(IKafkaFactoryConfigurator kafka, IRiderRegistrationContext context, TopicOptions topics,
        IReadOnlyList<WorkerRole> roles)
    {
        base.AddEndpoints(kafka, context, topics, roles);
        kafka.Topic(topics.LedgerEvents);
    }

    // Every batch updates balances that other batches update too (clearing accounts): they take turns in the process.
    protected override void UseUnitOfWork(IKafkaTopicEndpointConfigurator endpoint) =>
        endpoint.UseDbContextUnitOfWork<LedgerDbContext>(oneBatchAtATime: true);

    public override void MapApi(IEndpointRouteBuilder app) => app.MapLedgerApi();
}
