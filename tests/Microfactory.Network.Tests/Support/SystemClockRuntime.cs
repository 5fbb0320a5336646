using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Microfactory.Network.Tests.Support;

public static class SystemClockRuntime
{
    /// <summary>
    /// Grains, grain timers and reminders follow the test's clock (the default TimeProvider); the silo's own
    /// machinery (messaging timeouts, membership, directory, activation collection) keeps real time, so moving the
    /// test's clock never fires those loops inline and a clock that stands still never stalls them.
    /// </summary>
    public static ISiloBuilder RunRuntimeOnSystemClock(this ISiloBuilder silo)
    {
        foreach (var area in new[]
                 {
                     TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
                     TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, "Orleans.Reminders",
                 })
        {
            silo.Services.AddKeyedSingleton(area, TimeProvider.System);
        }

        // Reminders (Orleans.Reminders) follow the test's clock too: they are grain work.
        return silo;
    }
}
