namespace Coordination.Benchmarks.Scenarios;

/// <summary>Where a benchmark's lock state lives.</summary>
internal enum BenchStore
{
    Memory,
    Elasticsearch,
}
