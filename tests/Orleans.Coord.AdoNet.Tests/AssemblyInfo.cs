using Xunit;

// The test classes start real database servers and Orleans clusters; running them one at a time keeps the
// 2-core machine responsive and the timings predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
