// The tests share one orchestrator, five agents and one browser; on a shared 2-core machine they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
