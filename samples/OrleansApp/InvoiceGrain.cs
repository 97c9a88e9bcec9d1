using Coordination.Locks;

namespace Coordination.Samples.OrleansApp;

/// <summary>A grain of the application's own that settles an invoice at most once at a time, under a lock.</summary>
public interface IInvoiceGrain : IGrainWithStringKey
{
    Task<string> Settle(string worker);
}

public sealed class InvoiceGrain : Grain, IInvoiceGrain
{
    public async Task<string> Settle(string worker)
    {
        var invoice = this.GetPrimaryKeyString();
        var lockGrain = GrainFactory.GetGrain<ILockGrain>($"invoices/{invoice}");
        var taken = await lockGrain.TryAcquire(worker, TimeSpan.FromSeconds(30));
        if (!taken.Acquired)
        {
            return $"{worker}: {invoice} is being settled by {taken.Holder}";
        }

        try
        {
            // Hand the fencing token to whatever the work writes to, so that a stale holder is refused there.
            return $"{worker}: settled {invoice} under fencing token {taken.FencingToken}";
        }
        finally
        {
            await lockGrain.Release(worker, taken.FencingToken);
        }
    }
}
