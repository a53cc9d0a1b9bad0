using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Scheduling.Tests.Sagas;

namespace Sagas.Scheduling.Tests;

/// <summary>
/// What an outbox standing in for <see cref="ITimeoutRequests"/> receives from a saga's Schedule/Unschedule: plain
/// requests carrying the serialized record, keyed and token-stamped, ready to store and apply later.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_saga_schedules_through_the_request_seam(KafkaFixture kafka)
{
    [Fact]
    public async Task Schedule_and_unschedule_become_requests_for_the_seam_in_the_message_scope()
    {
        var topic = kafka.CreateTopic("seam");
        var requests = new RecordingTimeoutRequests();
        var startedAt = DateTimeOffset.UtcNow;
        await using var host = await TimeoutHost.StartWithSaga(kafka, JobStoreSettings.InMemory().With(topic), TimeSpan.FromMinutes(5),
            // Scoped, as an outbox writing into the saga's DbContext is: resolving it outside the message's scope would throw.
            services => services.AddScoped<ITimeoutRequests>(_ => requests));
        var id = NewId.NextGuid();

        await host.Producer.Produce(topic, id, new StartWaiting(id));
        var token = (await host.SagaIn(id, "Waiting")).TimeoutTokenId!.Value;
        await host.Producer.Produce(topic, id, new ReplyArrived(id));
        await host.SagaIn(id, "Done");

        Assert.Collection(requests.Received,
            request =>
            {
                var schedule = Assert.IsType<ScheduleTimeout>(request);
                Assert.Equal(token, schedule.TokenId);
                Assert.True(schedule.DueAt > startedAt + TimeSpan.FromMinutes(4));
                Assert.Equal(topic, schedule.Record.Topic);
                Assert.Equal(id, schedule.Record.Key);
                Assert.Equal(token.ToString("D"), EnvelopeHeader(schedule.Record.Value, MessageHeaders.SchedulingTokenId));
            },
            request => Assert.Equal(new CancelTimeout(token), request));
        Assert.False(await host.Scheduler.IsPending(token));
    }

    static string? EnvelopeHeader(byte[] envelope, string name) =>
        JsonDocument.Parse(envelope).RootElement.GetProperty("headers").TryGetProperty(name, out var value) ? value.GetString() : null;

    sealed class RecordingTimeoutRequests : ITimeoutRequests
    {
        readonly List<TimeoutRequest> _received = [];

        public IReadOnlyList<TimeoutRequest> Received
        {
            get
            {
                lock (_received)
                    return [.. _received];
            }
        }

        public Task Submit(TimeoutRequest request, CancellationToken cancellationToken)
        {
            lock (_received)
                _received.Add(request);
            return Task.CompletedTask;
        }
    }
}
