using Microsoft.Extensions.Logging.Console;
using Serilog;

namespace Microfactory.Orchestrator.Demo;

/// <summary>
/// The demo's logs: everything the logging configuration lets through (Information and up by default) goes to a log
/// file; the terminal shows only warnings and errors, so the demo's own view stays readable. <c>--verbose</c> (or
/// <c>Demo:Verbose</c>) keeps the usual console logs as well.
/// </summary>
public static class DemoLogging
{
    public const string VerboseFlag = "--verbose";

    /// <summary>Sets the logging up and returns the log file's full path.</summary>
    public static string AddDemoLogging(this WebApplicationBuilder builder, bool verbose, DemoActivity activity)
    {
        var path = Path.GetFullPath(builder.Configuration[$"{DemoOptions.Section}:LogFile"]
            ?? Path.Combine(".data", "logs", $"demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log"));
        var file = new LoggerConfiguration()
            .MinimumLevel.Verbose() // the Logging section decides what reaches the file, as for every provider
            .WriteTo.File(path, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        builder.Logging.AddSerilog(file, dispose: true);
        if (!verbose)
        {
            foreach (var console in builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
            {
                builder.Services.Remove(console);
            }

            builder.Logging.AddProvider(new DemoTerminalLoggerProvider(activity));
        }

        return path;
    }
}
