using System.Net.Sockets;
using Coordination.Locks;
using Coordination.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

// Configuration: appsettings.json, then COORDINATION__* environment variables (for example
// COORDINATION__Silo__GatewayPort=30001), then command-line settings (--Coordination:Silo:ClusterId prod).
// The generic host stops gracefully on SIGTERM and Ctrl+C: Orleans hands the silo's locks over to the other
// silos and records the silo as dead before the process exits.
var demo = args.Contains("--demo", StringComparer.Ordinal);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = [.. args.Where(a => a != "--demo")],
    // appsettings.json sits beside the binary, wherever the silo is started from.
    ContentRootPath = AppContext.BaseDirectory,
});

var settings = SiloConfiguration.Read(builder.Configuration);
if (settings.Problems is { Count: > 0 } problems)
{
    return Fail("The silo cannot start because its configuration is invalid:", problems, ExitCodes.InvalidConfiguration);
}

builder.UseOrleans(silo => settings.ConfigureSilo(silo));
builder.Services.AddHostedService<StartupAnnouncement>();
builder.Services.AddSingleton(settings);
if (demo)
{
    builder.Services.AddHostedService<LockDemo>();
}

try
{
    using var host = builder.Build();
    await host.RunAsync();
    return ExitCodes.Success;
}
catch (Exception failure) when (StartupFailure.Classify(failure, settings) is { } known)
{
    // The operator's to fix: say what and which setting, not where in our code.
    return Fail(known.Headline, known.Details, known.ExitCode);
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
