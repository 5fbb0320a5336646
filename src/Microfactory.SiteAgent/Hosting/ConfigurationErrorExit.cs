using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Hosting;

/// <summary>Runs the host; bad configuration ends the process with the keys at fault instead of a stack trace.</summary>
public static class ConfigurationErrorExit
{
    /// <summary>EX_CONFIG from sysexits.h: the process supervisor should not restart-loop on it.</summary>
    public const int ExitCode = 78;

    public static async Task<int> RunAsync(IHost host, TextWriter error)
    {
        try
        {
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync("The site agent's configuration is invalid:").ConfigureAwait(false);
            foreach (var failure in e.Failures)
            {
                await error.WriteLineAsync($"  - {failure}").ConfigureAwait(false);
            }

            return ExitCode;
        }
        catch (InvalidOperationException e) when (e.Source == "Microsoft.Extensions.Configuration.Binder")
        {
            // The binder's message names the key and the type it wanted, e.g. a TimeSpan written as "90s".
            await error.WriteLineAsync($"The site agent's configuration is invalid:{Environment.NewLine}  - {e.Message}").ConfigureAwait(false);
            return ExitCode;
        }
    }
}
