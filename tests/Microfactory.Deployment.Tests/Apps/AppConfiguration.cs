extern alias SiteAgentApp;

using Microfactory.Network;
using Microfactory.Network.Routing;
using Microfactory.Orchestrator.AgentLink;
using Microfactory.Orchestrator.Auth;
using Microfactory.Orchestrator.Demo;
using SiteAgentApp::Microfactory.SiteAgent.Configuration;
using Microfactory.Storage.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microfactory.Orchestrator.Hosting;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Microfactory.Deployment.Tests.Apps;

public enum App
{
    Orchestrator,
    SiteAgent,
}

/// <summary>
/// The configuration each app really reads: its options classes under the section names the code declares, plus
/// the few keys read outside options (host settings, the OpenTelemetry SDK's standard variables).
/// </summary>
public static class AppConfiguration
{
    /// <summary>Sections bound with BindConfiguration, by the constant the code binds them with.</summary>
    private static readonly Dictionary<App, (string Section, Type Options)[]> Sections = new()
    {
        [App.Orchestrator] =
        [
            (StoreOptions.Section, typeof(StoreOptions)),
            (AgentLinkOptions.Section, typeof(AgentLinkOptions)),
            (SiteCredentialOptions.Section, typeof(SiteCredentialOptions)),
            (ApiKeyOptions.Section, typeof(ApiKeyOptions)),
            (NetworkOptions.Section, typeof(NetworkOptions)),
            // Orleans binds these itself from its section (the more specific paths first: the first match wins).
            ("Orleans:Endpoints", typeof(EndpointOptions)),
            ("Orleans:Messaging", typeof(SiloMessagingOptions)),
            ("Orleans:GrainCollection", typeof(GrainCollectionOptions)),
            ("Orleans:Membership", typeof(ClusterMembershipOptions)),
            ("Orleans:Clustering", typeof(OrleansProviderSection)),
            ("Orleans:Reminders", typeof(OrleansProviderSection)),
            ("HostOptions", typeof(HostOptions)),
            ("Orleans", typeof(ClusterOptions)),
            // NetworkServiceCollectionExtensions binds the weights from this path (a literal there, not a constant).
            ("Routing:Weights", typeof(RoutingWeights)),
            (DemoOptions.Section, typeof(DemoOptions)),
        ],
        [App.SiteAgent] =
        [
            (AgentOptions.SectionName, typeof(AgentOptions)),
        ],
    };

    /// <summary>Host keys every app reads (server URLs only where there is a web server).</summary>
    private static readonly Dictionary<App, string[]> HostKeys = new()
    {
        [App.Orchestrator] = [WebHostDefaults.ServerUrlsKey, HostDefaults.EnvironmentKey],
        [App.SiteAgent] = [HostDefaults.EnvironmentKey],
    };

    /// <summary>Variables the OpenTelemetry SDK reads itself (OpenTelemetry specification, "Environment variables").</summary>
    public static readonly IReadOnlySet<string> OpenTelemetryVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_SDK_DISABLED",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TIMEOUT",
        "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_BSP_SCHEDULE_DELAY",
    };

    /// <summary>Variables Microsoft.Orleans.Hosting.Kubernetes reads in a pod (KubernetesHostingOptions).</summary>
    public static readonly IReadOnlySet<string> KubernetesHostingVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        KubernetesHostingOptions.PodNameEnvironmentVariable, KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable, KubernetesHostingOptions.ServiceIdEnvironmentVariable,
        KubernetesHostingOptions.ClusterIdEnvironmentVariable,
    };

    /// <summary>The orchestrator's own switches in the Orleans section, read with GetValue rather than an options class.</summary>
    private static readonly string[] OrleansSwitches = [$"{SiloSetup.Section}:{SiloSetup.KubernetesHosting}"];

    /// <summary>Whether <paramref name="app"/> reads the environment variable <paramref name="name"/>; null when it does, else why not.</summary>
    public static string? WhyNotRead(App app, string name)
    {
        if (OpenTelemetryVariables.Contains(name) || (app == App.Orchestrator && KubernetesHostingVariables.Contains(name)))
        {
            return null;
        }

        if (app == App.Orchestrator && OrleansSwitches.Contains(name.Replace("__", ":", StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        // The environment provider maps "__" to ":"; host settings also arrive without their DOTNET_/ASPNETCORE_ prefix.
        var key = name.Replace("__", ":", StringComparison.Ordinal);
        foreach (var prefix in new[] { "DOTNET_", "ASPNETCORE_" })
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && HostKeys[app].Contains(key[prefix.Length..], StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        if (HostKeys[app].Contains(key, StringComparer.OrdinalIgnoreCase)
            || key.StartsWith("Logging:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var segments = key.Split(':');
        foreach (var (section, options) in Sections[app])
        {
            var sectionSegments = section.Split(':');
            if (segments.Length > sectionSegments.Length
                && segments.Take(sectionSegments.Length).SequenceEqual(sectionSegments, StringComparer.OrdinalIgnoreCase))
            {
                return BindableKeys.Binds(options, segments[sectionSegments.Length..])
                    ? null
                    : $"'{name}' is in section {section} but {options.Name} has no bindable setting '{string.Join(':', segments[sectionSegments.Length..])}'";
            }
        }

        return $"'{name}' ({key}) is in no section the {app} binds ({string.Join(", ", Sections[app].Select(s => s.Section))}) and is no host or OTEL_ variable";
    }
}

/// <summary>
/// The keys Orleans' configuration-based providers read from <c>Orleans:Clustering</c> and <c>Orleans:Reminders</c>
/// (its AzureTableStorage provider builders read them from the section, with no options class of their own).
/// </summary>
public sealed class OrleansProviderSection
{
    public string? ProviderType { get; set; }

    public string? ServiceKey { get; set; }

    public string? ConnectionString { get; set; }

    public string? ConnectionName { get; set; }

    public string? TableName { get; set; }
}
