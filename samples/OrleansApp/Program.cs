using Coordination.Locks;
using Coordination.Samples.OrleansApp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// An ordinary Orleans application: its own silo, its own grains. Locks are one line (plus the storage they keep
// their state in; on a cluster, give every silo the same shared store, such as AddElasticsearchGrainStorage).
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo => silo
    .UseLocalhostClustering()
    .AddMemoryGrainStorage("locks")
    .AddCoordinationLocks(locks => locks.DefaultLease = TimeSpan.FromSeconds(30)));

using var host = builder.Build();
await host.StartAsync();

var grains = host.Services.GetRequiredService<IGrainFactory>();
var invoice = grains.GetGrain<IInvoiceGrain>("invoice-17");

// Someone else holds the invoice's lock for a moment: the grain is refused and told who holds it.
var audit = await grains.GetGrain<ILockGrain>("invoices/invoice-17").TryAcquire("auditor");
Console.WriteLine(await invoice.Settle("worker-a"));
await grains.GetGrain<ILockGrain>("invoices/invoice-17").Release("auditor", audit.FencingToken);
Console.WriteLine(await invoice.Settle("worker-a"));

await host.StopAsync();
