using Confluent.Kafka;
using Sagas.Kafka.Receiving;

namespace Sagas.Kafka.Tests.Receiving;

public sealed class When_records_of_a_partition_finish_out_of_order
{
    readonly PartitionOffsets _offsets = new(new TopicPartition("topic", 0));

    public When_records_of_a_partition_finish_out_of_order()
    {
        foreach (var offset in new long[] { 10, 11, 12, 13 })
        {
            _offsets.Track(offset);
            Assert.True(_offsets.TryStart(offset));
        }
    }

    [Fact]
    public void Only_the_finished_prefix_is_committable()
    {
        _offsets.Finish(12);
        _offsets.Finish(10);

        Assert.Equal(11, _offsets.TakeUncommitted()?.Value);
    }

    [Fact]
    public void Everything_is_committable_once_the_gap_closes()
    {
        _offsets.Finish(12);
        _offsets.Finish(10);
        _offsets.Finish(13);
        _offsets.Finish(11);

        Assert.Equal(14, _offsets.TakeUncommitted()?.Value);
    }

    [Fact]
    public void An_abandoned_record_holds_commits_back()
    {
        _offsets.Finish(10);
        _offsets.Abandon(11);
        _offsets.Finish(12);
        _offsets.Finish(13);

        Assert.Equal(11, _offsets.TakeUncommitted()?.Value);
    }

    [Fact]
    public void Nothing_after_an_abandoned_record_starts()
    {
        _offsets.Track(14);
        _offsets.Abandon(11);

        Assert.False(_offsets.TryStart(14));
    }

    [Fact]
    public void A_commit_is_taken_once_and_again_after_it_failed()
    {
        _offsets.Finish(10);
        var first = _offsets.TakeUncommitted();

        Assert.Null(_offsets.TakeUncommitted());
        _offsets.CommitFailed(first!.Value);
        Assert.Equal(first, _offsets.TakeUncommitted());
    }

    [Fact]
    public async Task A_drain_waits_for_running_records_and_starts_none_after_them()
    {
        _offsets.Track(14);
        var revoked = _offsets.Drain();

        Assert.False(_offsets.TryStart(14));
        foreach (var offset in new long[] { 10, 11, 12 })
            _offsets.Finish(offset);
        Assert.False(revoked.IsCompleted);

        _offsets.Finish(13);
        await revoked.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(14, _offsets.TakeUncommitted()?.Value);
    }

    [Fact]
    public async Task A_drain_still_starts_the_records_that_hold_back_finished_ones()
    {
        _offsets.Track(14);
        _offsets.Track(15);
        _offsets.Track(16);
        Assert.True(_offsets.TryStart(15));
        foreach (var offset in new long[] { 10, 11, 12, 13, 15 })
            _offsets.Finish(offset);
        var drained = _offsets.Drain();

        Assert.False(drained.IsCompleted);
        Assert.False(_offsets.TryStart(16));
        Assert.True(_offsets.TryStart(14));
        _offsets.Finish(14);
        await drained.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(16, _offsets.TakeUncommitted()?.Value);
    }

    [Fact]
    public async Task A_drain_waiting_for_a_gap_ends_when_the_partition_is_released()
    {
        _offsets.Track(14);
        _offsets.Track(15);
        Assert.True(_offsets.TryStart(15));
        foreach (var offset in new long[] { 10, 11, 12, 13, 15 })
            _offsets.Finish(offset);
        var drained = _offsets.Drain();

        _offsets.Release();
        await drained.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(_offsets.TryStart(14));
    }
}
