using MassTransit;
using Microsoft.Extensions.Options;
using Sagas.Kafka.Outages;
using Sagas.Messaging;

namespace Sagas.Hosting.Workers;

/// <summary>
/// Endpoint policy of a worker consumer: the consumers of one role share the role's endpoint, named after its command
/// topic (so a command sent to <c>topic:&lt;name&gt;</c> reaches it on any transport), and a command that failed on
/// infrastructure is retried a bounded number of times. Safe because every handler is idempotent. A dependency that is down
/// is not retried here: the Kafka rider holds the command until it is back.
/// </summary>
public sealed class WorkerConsumerDefinition<TConsumer, TCommand> : ConsumerDefinition<TConsumer>
    where TConsumer : WorkerConsumer<TCommand>
    where TCommand : class
{
    readonly WorkerOptions options;

    public WorkerConsumerDefinition(IOptions<WorkerOptions> options, IOptions<TopicOptions> topics)
    {
        this.options = options.Value;
        var role = MessageRoutes.WorkerFor(typeof(TCommand))
            ?? throw new InvalidOperationException($"{typeof(TCommand).Name} is not a worker command.");
        EndpointName = topics.Value.CommandsOf(role);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.UseMessageRetry(retry =>
        {
            retry.Incremental(options.RetryLimit, options.RetryInterval, options.RetryInterval);
            retry.Ignore<Exception>(TransientFailure.IsTransient);
        });
}
