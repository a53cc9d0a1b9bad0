// Each test class runs a whole platform (embedded broker, every worker); on a small machine one at a time is faster.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
