using Coordination.Runtime.Hosting;
using Coordination.Runtime.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch;

public static partial class ElasticsearchSiloBuilderExtensions
{
    /// <summary>
    /// Keeps the cluster's membership table in Elasticsearch (<see cref="ElasticsearchMembershipTable"/>), under
    /// the cluster id of <c>Coordination:Silo:ClusterId</c>. Its settings bind from
    /// <c>Coordination:Membership:Elasticsearch</c> and are validated at start-up; the connection is the one
    /// the grain storage uses (<c>Coordination:Storage:Elasticsearch</c>), a single client for both. The
    /// index template and the index are installed before the table is first used. It replaces any membership
    /// table chosen before (the in-memory default included); calling it again changes nothing but applies
    /// <paramref name="configure"/>.
    /// </summary>
    public static ISiloBuilder AddElasticsearchMembership(this ISiloBuilder builder, Action<ElasticsearchMembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddElasticsearchClient(clientClock: null);
        var membership = AddMembershipOptions(services, builder.Configuration, sp => new ElasticsearchMembershipOptionsValidator(LockIndex(sp)));
        services.TryAddSingleton<ElasticsearchMembershipTable>();

        // Replace, not TryAdd: the silo registers its in-memory table before its configure callback runs, and
        // choosing a table is "the last choice wins", as with UseMembershipTable. Still one registration if called twice.
        services.Replace(ServiceDescriptor.Singleton<IMembershipTable>(sp => sp.GetRequiredService<ElasticsearchMembershipTable>()));

        if (configure is not null)
        {
            membership.Configure(configure);
        }

        return builder;
    }

    /// <summary>
    /// Binds <c>Coordination:Membership:Elasticsearch</c> from <paramref name="configuration"/> and validates it at
    /// start-up with <paramref name="validator"/>, once however often it is called (binding twice would apply
    /// everything twice); the caller's own changes go on the returned builder.
    /// </summary>
    internal static OptionsBuilder<ElasticsearchMembershipOptions> AddMembershipOptions(
        IServiceCollection services, IConfiguration? configuration, Func<IServiceProvider, ElasticsearchMembershipOptionsValidator> validator)
    {
        var membership = services.AddOptions<ElasticsearchMembershipOptions>();
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<ElasticsearchMembershipOptions>)))
        {
            return membership;
        }

        if (configuration is not null)
        {
            membership.Bind(configuration.GetSection(ElasticsearchMembershipOptions.SectionName));
        }

        membership.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchMembershipOptions>, ElasticsearchMembershipOptionsValidator>(validator));
        return membership;
    }

    /// <summary>The lock index when grain state is kept in Elasticsearch too; null otherwise.</summary>
    private static string? LockIndex(IServiceProvider services) =>
        services.GetService<IServiceProviderIsService>()?.IsService(typeof(ElasticsearchStorageInitializer)) == true
            ? services.GetRequiredService<IOptions<ElasticsearchStorageOptions>>().Value.Index
            : null;
}
