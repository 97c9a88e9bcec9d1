using Microsoft.Extensions.Configuration;

namespace Coordination.Silo;

/// <summary>The Elasticsearch store and membership table of the silo, from the documented settings.</summary>
internal static class ElasticsearchHosting
{
    public static IEnumerable<string> Validate(IConfiguration configuration) => [];

    public static string Describe(IConfiguration configuration) => "elasticsearch";

    public static void UseClustering(ISiloBuilder silo, IConfiguration configuration) =>
        throw new NotSupportedException("wired when the Elasticsearch providers land");

    public static void AddLockStorage(ISiloBuilder silo, string name, IConfiguration configuration) =>
        throw new NotSupportedException("wired when the Elasticsearch providers land");
}
