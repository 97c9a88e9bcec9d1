namespace Coordination.Benchmarks.Harness;

/// <summary>
/// The system did something other than what the scenario measures (a wrong answer, an unexpected store
/// write), so its figures mean nothing. The program reports it and exits with an error instead of a figure.
/// </summary>
internal sealed class BenchmarkInvalidException(string message) : Exception(message);
