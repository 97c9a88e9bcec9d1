using Coordination.Locks;
using Coordination.Persistence.Elasticsearch;
using Coordination.Runtime.Hosting;
using Coordination.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// Configuration: appsettings.json, then COORDINATION__* environment variables (for example
// COORDINATION__Silo__GatewayPort=30001), then command-line settings (--Coordination:Silo:ClusterId prod).
// The generic host stops gracefully on SIGTERM and Ctrl+C: the silo leaves the ring, hands its locks over
// and records itself Dead before the process exits.
var demo = args.Contains("--demo", StringComparer.Ordinal);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = [.. args.Where(a => a != "--demo")],
    // appsettings.json sits beside the binary, wherever the silo is started from.
    ContentRootPath = AppContext.BaseDirectory,
});
var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
var membership = builder.Configuration.GetSection(MembershipProviderOptions.SectionName).Get<MembershipProviderOptions>() ?? new MembershipProviderOptions();
if (new[] { storage.Problem, membership.Problem }.OfType<string>().ToList() is { Count: > 0 } choices)
{
    return Fail("The silo cannot start because its configuration is invalid:", choices, ExitCodes.InvalidConfiguration);
}

builder.UseCoordinationSilo(silo =>
{
    silo.AddLocks();
    if (storage.IsElasticsearch)
    {
        silo.AddElasticsearchGrainStorage();
    }

    if (membership.IsElasticsearch(storage))
    {
        // A cluster keeps its membership table beside the locks, in the same Elasticsearch cluster.
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
    return ExitCodes.Success;
}
catch (Exception invalid) when (ConfigurationFailures(invalid) is { Count: > 0 } failures)
{
    // Invalid configuration is the operator's to fix: say what, not where in our code.
    return Fail("The silo cannot start because its configuration is invalid:", failures, ExitCodes.InvalidConfiguration);
}
catch (SiloStartupException refused)
{
    // A port in use, or a cluster this silo cannot join: the message says what to change.
    return Fail($"The silo cannot start: {refused.Message}", [], ExitCodes.InvalidConfiguration);
}
catch (ElasticsearchStartupException unavailable)
{
    // The store is the operator's to fix too: name it and the cause, not our stack.
    return Fail($"The silo cannot start: {unavailable.Message}", [], ExitCodes.StoreUnavailable);
}

static int Fail(string headline, IReadOnlyList<string> details, int exitCode)
{
    Console.Error.WriteLine(headline);
    foreach (var detail in details)
    {
        Console.Error.WriteLine($"  - {detail}");
    }

    return exitCode;
}

static List<string> ConfigurationFailures(Exception exception) => exception switch
{
    OptionsValidationException invalid => [.. invalid.Failures],
    AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
        [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
    _ => [],
};
