using Coordination.Locks;
using Coordination.Runtime.Hosting;
using Coordination.Silo;
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
builder.UseCoordinationSilo(silo => silo.AddLocks());
if (demo)
{
    builder.Services.AddHostedService<LockDemo>();
}

try
{
    using var host = builder.Build();
    // Validated here, before the host starts, so a bad setting is reported as such and not as a crash.
    host.Services.GetRequiredService<IStartupValidator>().Validate();
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

static List<string> ConfigurationFailures(Exception exception) => exception switch
{
    OptionsValidationException invalid => [.. invalid.Failures],
    AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
        [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
    _ => [],
};
