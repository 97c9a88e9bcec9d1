using Coordination.Locks;
using Coordination.Persistence.Elasticsearch;
using Coordination.Runtime.Hosting;
using Coordination.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// Configuration: appsettings.json, then COORDINATION__* environment variables (for example
// COORDINATION__Locks__DefaultLease=00:00:10), then command-line settings (--Coordination:Silo:ClusterId prod).
var demo = args.Contains("--demo", StringComparer.Ordinal);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = [.. args.Where(a => a != "--demo")],
    // appsettings.json sits beside the binary, wherever the silo is started from.
    ContentRootPath = AppContext.BaseDirectory,
});
var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
if (!storage.IsMemory && !storage.IsElasticsearch)
{
    Console.Error.WriteLine("The silo cannot start because its configuration is invalid:");
    Console.Error.WriteLine($"  - {StorageOptions.SectionName}:Provider is '{storage.Provider}'; use Memory (one development silo) or Elasticsearch (a cluster).");
    return 2;
}

builder.UseCoordinationSilo(silo =>
{
    silo.AddLocks();
    if (storage.IsElasticsearch)
    {
        // A cluster shares its store, and keeps its membership table beside the locks.
        silo.AddElasticsearchGrainStorage();
        silo.AddElasticsearchMembership();
    }
});
if (demo)
{
    builder.Services.AddHostedService<LockDemo>();
}

try
{
    using var host = builder.Build();
    // Validated here, before the host starts, so a bad setting is reported as such and not as a crash.
    host.Services.GetRequiredService<IStartupValidator>().Validate();
    if (storage.IsElasticsearch)
    {
        // Reach the cluster before the host starts, so that an unreachable one is reported by us, plainly.
        await host.Services.GetRequiredService<ElasticsearchStorageInitializer>().EnsureInitializedAsync(CancellationToken.None);
    }

    await host.RunAsync();
    return 0;
}
catch (Exception invalid) when (ConfigurationFailures(invalid) is { Count: > 0 } failures)
{
    // Invalid configuration is the operator's to fix: say what, not where in our code.
    Console.Error.WriteLine("The silo cannot start because its configuration is invalid:");
    foreach (var failure in failures)
    {
        Console.Error.WriteLine($"  - {failure}");
    }

    return 2;
}
catch (ElasticsearchStartupException unavailable)
{
    // The store is the operator's to fix too: name it and the cause, not our stack.
    Console.Error.WriteLine($"The silo cannot start: {unavailable.Message}");
    return 3;
}

static List<string> ConfigurationFailures(Exception exception) => exception switch
{
    OptionsValidationException invalid => [.. invalid.Failures],
    AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
        [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
    _ => [],
};
