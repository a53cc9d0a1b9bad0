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
            Assert.True(_offsets.TryStart());
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
        _offsets.Abandon();
        _offsets.Finish(12);
        _offsets.Finish(13);

        Assert.Equal(11, _offsets.TakeUncommitted()?.Value);
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
    public async Task A_revocation_waits_for_running_records_and_starts_no_new_ones()
    {
        _offsets.Track(14);
        var revoked = _offsets.BeginRevoke();

        Assert.False(_offsets.TryStart());
        foreach (var offset in new long[] { 10, 11, 12 })
            _offsets.Finish(offset);
        Assert.False(revoked.IsCompleted);

        _offsets.Finish(13);
        await revoked.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(14, _offsets.TakeUncommitted()?.Value);
    }
}
