using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Request counts and latencies, under the meter <see cref="MeterName"/>.</summary>
public static class ElasticsearchMetrics
{
    public const string MeterName = "Coordination.Elasticsearch";

    private static readonly Meter s_meter = new(MeterName, "1.0");
    private static readonly Counter<long> s_requests = s_meter.CreateCounter<long>("coordination.elasticsearch.requests", description: "Requests answered by Elasticsearch, by operation and status.");
    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>("coordination.elasticsearch.request.duration", unit: "ms");

    internal static void Record(string operation, int status, TimeSpan elapsed)
    {
        if (!s_requests.Enabled && !s_duration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "operation", operation }, { "status", status } };
        s_requests.Add(1, tags);
        s_duration.Record(elapsed.TotalMilliseconds, tags);
    }
}
