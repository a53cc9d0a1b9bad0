using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Persistence.Tests.Support;

/// <summary>
/// Runs the messages that arrive while a test has <see cref="Join"/>ed a service scope in that scope, as the Kafka rider
/// runs a batch of records (or the API a saga's first message) in the scope that owns an open transaction: MassTransit
/// takes an <see cref="IServiceScope"/> payload as the message's scope, so the saga repository gets the test's DbContext.
/// </summary>
public sealed class CallerScope : IFilter<ConsumeContext>
{
    // One signal per handling, so a message id delivered twice is waited for twice.
    readonly ConcurrentDictionary<Guid, SemaphoreSlim> _handled = new();
    static readonly TimeSpan HandledTimeout = TimeSpan.FromSeconds(20);
    IServiceScope? _scope;

    /// <summary>
    /// Puts this filter in front of everything on every endpoint of the bus, ahead of the message scope filter, which
    /// would otherwise have made a scope of its own for the message.
    /// </summary>
    public void RunFirst(IConsumePipeConfigurator bus) => bus.AddPrePipeSpecification(new FilterPipeSpecification<ConsumeContext>(this));

    public void Join(IServiceScope scope) => _scope = scope;

    /// <summary>Messages get scopes (and transactions) of their own again.</summary>
    public void Leave() => _scope = null;

    /// <summary>
    /// Completes once the whole pipeline has finished with a delivery of the message not waited for before; fails
    /// after <paramref name="timeout"/>.
    /// </summary>
    public async Task Handled(Guid messageId, TimeSpan timeout)
    {
        if (!await Entry(messageId).WaitAsync(timeout))
            throw new TimeoutException($"Message {messageId} was not handled within {timeout}.");
    }

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        if (_scope is not { } scope)
        {
            await next.Send(context);
            return;
        }

        context.GetOrAddPayload(() => scope);
        try
        {
            await next.Send(context);
        }
        finally
        {
            if (context.MessageId is { } messageId)
                Entry(messageId).Release();
        }
    }

    /// <summary>Publishes <paramref name="message"/> on <paramref name="host"/> and waits until this delivery of it was handled.</summary>
    public async Task Receive<T>(CounterHost host, T message, Guid messageId)
        where T : class
    {
        await host.Publish(message, messageId);
        await Handled(messageId, HandledTimeout);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("callerScope");

    SemaphoreSlim Entry(Guid messageId) => _handled.GetOrAdd(messageId, _ => new SemaphoreSlim(0));
}
