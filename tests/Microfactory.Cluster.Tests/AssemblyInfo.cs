// Each test runs three orchestrators, Azurite and six agents as processes; on a shared 2-core machine they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
