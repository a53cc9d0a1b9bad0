namespace Sagas.Kafka;

public static class BatchUnitOfWork
{
    /// <summary>
    /// A unit of work with nothing to commit, for handlers that keep no data: a batch still shares one service scope,
    /// and what it sends goes out together once every record of it has run.
    /// </summary>
    public static IBatchUnitOfWork None { get; } = new Nothing();

    sealed class Nothing : IBatchUnitOfWork
    {
        public Task Begin(IReadOnlyList<RecordIdentity> records, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task Commit(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task Rollback(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
