using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microfactory.Telemetry;

public static class TelemetrySetup
{
    /// <summary>
    /// Exports the named activity sources and meters, and the logs, over OTLP when an <c>OTEL_EXPORTER_OTLP_*</c> endpoint is
    /// configured; with none, builds nothing, so an unconfigured process pays nothing and prints nothing.
    /// </summary>
    public static IHostApplicationBuilder AddMicrofactoryTelemetry(this IHostApplicationBuilder builder, string serviceName, IEnumerable<string> sources, IEnumerable<string> meters)
    {
        // ASP.NET Core adds the standard HTTP attributes to its request activity only when asked (STACK.md).
        AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", false);
        var settings = OtlpSettings.From(builder.Configuration);
        if (!settings.Enabled)
        {
            return builder;
        }

        var resource = ResourceBuilder.CreateEmpty()
            .AddService(settings.ServiceName ?? serviceName, serviceInstanceId: Environment.MachineName + "-" + Environment.ProcessId)
            .AddAttributes(settings.ResourceAttributes);

        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource([.. sources])
            .AddOtlpExporter(o => settings.Apply(o, settings.TracesEndpoint, "/v1/traces"))
            .Build();
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter([.. meters])
            .AddOtlpExporter((o, reader) =>
            {
                settings.Apply(o, settings.MetricsEndpoint, "/v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.MetricExportInterval.TotalMilliseconds;
            })
            .Build();
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(resource);
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter(e => settings.Apply(e, settings.LogsEndpoint, "/v1/logs"));
        });
        builder.Services.AddSingleton(settings);
        builder.Services.AddHostedService(_ => new TelemetryFlush(tracing, metrics));
        return builder;
    }
}
