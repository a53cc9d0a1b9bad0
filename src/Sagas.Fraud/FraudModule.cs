using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Contracts.Fraud;
using Sagas.Hosting.Workers;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Outbox;

namespace Sagas.Fraud;

/// <summary>Screens payments by rules from configuration; it keeps no data.</summary>
public sealed class FraudModule : WorkerService
{
    public override string Name => "fraud";

    public override bool KeepsData => false;

    public override IReadOnlyList<WorkerRole> Roles => [WorkerRole.Fraud];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FraudOptions>().BindConfiguration(FraudOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FraudRules>();
    }

    protected override IReadOnlyList<(Type Consumer, Type Command)> ConsumersOf(WorkerRole role) =>
        [(typeof(CheckFraudConsumer), typeof(CheckFraud))];

    // No data: a batch shares one scope, and its answers go out together.
    protected override void UseUnitOfWork(IKafkaTopicEndpointConfigurator endpoint) =>
        endpoint.UseBatchUnitOfWork(_ => BatchUnitOfWork.None);
}
