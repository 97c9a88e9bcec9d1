using Coordination.Persistence.Elasticsearch;
using Microsoft.Extensions.Configuration;

namespace Coordination.Silo;

/// <summary>
/// The silo's Elasticsearch store and membership table, from the documented settings: the lock storage from
/// <c>Coordination:Storage:Elasticsearch</c>, and the membership table from the same connection settings with its
/// index in <c>Coordination:Membership:Elasticsearch:Index</c>.
/// </summary>
internal static class ElasticsearchHosting
{
    private const string StorageSection = "Coordination:Storage:Elasticsearch";
    private const string MembershipIndexSetting = "Coordination:Membership:Elasticsearch:Index";

    /// <summary>The problems with the Elasticsearch settings, each naming the setting as the operator wrote it.</summary>
    public static IEnumerable<string> Validate(IConfiguration configuration)
    {
        var storage = StorageOptions(configuration);
        foreach (var failure in ElasticsearchGrainStorageOptionsValidator.Validate(storage))
        {
            yield return $"{StorageSection}:{failure}";
        }

        var membershipIndex = MembershipIndex(configuration);
        if (string.Equals(membershipIndex, storage.Index, StringComparison.Ordinal) || string.Equals(membershipIndex, storage.GrainStateIndex, StringComparison.Ordinal))
        {
            yield return $"{MembershipIndexSetting} is '{membershipIndex}', an index of the lock storage; give the membership table its own index, such as {ElasticsearchClusteringOptions.DefaultIndex}.";
        }
    }

    /// <summary>The store as the start-up line names it.</summary>
    public static string Describe(IConfiguration configuration) => $"elasticsearch:{StorageOptions(configuration).Index}";

    public static void UseClustering(ISiloBuilder silo, IConfiguration configuration) =>
        silo.UseElasticsearchClustering(options =>
        {
            configuration.GetSection(StorageSection).BindElasticsearch(options.Connection);
            options.Index = MembershipIndex(configuration);
        });

    public static void AddLockStorage(ISiloBuilder silo, string name, IConfiguration configuration) =>
        silo.AddElasticsearchGrainStorage(name, options => configuration.GetSection(StorageSection).BindElasticsearch(options));

    private static ElasticsearchGrainStorageOptions StorageOptions(IConfiguration configuration)
    {
        var options = new ElasticsearchGrainStorageOptions();
        configuration.GetSection(StorageSection).BindElasticsearch(options);
        return options;
    }

    private static string MembershipIndex(IConfiguration configuration) =>
        configuration[MembershipIndexSetting] is { Length: > 0 } index ? index : ElasticsearchClusteringOptions.DefaultIndex;
}
