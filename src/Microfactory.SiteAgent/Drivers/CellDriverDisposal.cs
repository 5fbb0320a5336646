namespace Microfactory.SiteAgent.Drivers;

/// <summary>Drivers hold connections (asynchronously disposable) or timers (disposable); the agent releases either kind.</summary>
internal static class CellDriverDisposal
{
    public static async ValueTask DisposeDriverAsync(this ICellDriver driver)
    {
        switch (driver)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
