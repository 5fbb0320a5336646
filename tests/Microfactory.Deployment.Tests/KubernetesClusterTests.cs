using Microfactory.Deployment.Tests.Apps;
using Microfactory.Deployment.Tests.Support;
using Microfactory.Orchestrator.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Microfactory.Deployment.Tests;

/// <summary>The orchestrator's pods form one Orleans cluster the way Microsoft.Orleans.Hosting.Kubernetes expects.</summary>
public sealed class KubernetesClusterTests
{
    private static readonly YamlMap Deployment = Kubernetes.Orchestrator();

    private static IConfiguration Configuration()
    {
        var app = AppContainers.InKubernetes().Single(c => c.Where.StartsWith("k8s/base/orchestrator-deployment.yaml", StringComparison.Ordinal));
        return EffectiveConfiguration.For(app with { Environment = new Dictionary<string, string?>(app.Environment) { ["Store__ConnectionString"] = "UseDevelopmentStorage=true" } });
    }

    [Fact]
    public void The_pods_use_kubernetes_hosting_with_azure_table_membership_and_reminders()
    {
        var configuration = Configuration();

        Assert.Equal("true", configuration[$"{SiloSetup.Section}:{SiloSetup.KubernetesHosting}"]);
        Assert.Equal("AzureTableStorage", configuration["Orleans:Clustering:ProviderType"]);
        Assert.Equal("AzureTableStorage", configuration["Orleans:Reminders:ProviderType"]);
        Assert.Equal(StoreTables.ServiceKey, configuration["Orleans:Clustering:ServiceKey"]);
        Assert.Equal(StoreTables.ServiceKey, configuration["Orleans:Reminders:ServiceKey"]);
    }

    [Fact]
    public void The_pod_gives_orleans_its_name_address_and_ids_from_its_own_labels()
    {
        var labels = Deployment.Path("spec", "template", "metadata", "labels")!.Entries;
        var env = Kubernetes.OrchestratorContainer(Deployment).Maps("env").ToDictionary(e => e.Text("name") ?? "");
        string? Field(string name) => env.GetValueOrDefault(name)?.Path("valueFrom", "fieldRef")?.Text("fieldPath");

        Assert.Equal("metadata.name", Field(KubernetesHostingOptions.PodNameEnvironmentVariable));
        Assert.Equal("metadata.namespace", Field(KubernetesHostingOptions.PodNamespaceEnvironmentVariable));
        Assert.Equal("status.podIP", Field(KubernetesHostingOptions.PodIPEnvironmentVariable));
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']", Field(KubernetesHostingOptions.ServiceIdEnvironmentVariable));
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']", Field(KubernetesHostingOptions.ClusterIdEnvironmentVariable));
        Assert.False(string.IsNullOrEmpty(labels.GetValueOrDefault(KubernetesHostingOptions.ServiceIdLabel) as string));
        Assert.False(string.IsNullOrEmpty(labels.GetValueOrDefault(KubernetesHostingOptions.ClusterIdLabel) as string));
    }

    [Fact]
    public void The_silo_and_gateway_ports_are_declared_on_the_container()
    {
        var configuration = Configuration();
        var ports = Kubernetes.ContainerPorts(Kubernetes.OrchestratorContainer(Deployment));

        Assert.Equal(configuration.GetValue("Orleans:Endpoints:SiloPort", EndpointOptions.DEFAULT_SILO_PORT), ports["silo"]);
        Assert.Equal(configuration.GetValue("Orleans:Endpoints:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT), ports["gateway"]);
    }

    [Fact]
    public void The_service_account_may_watch_and_delete_pods_in_its_namespace_and_nothing_else()
    {
        var serviceAccountName = Deployment.Path("spec", "template", "spec")!.Text("serviceAccountName");
        var account = Kubernetes.Named("ServiceAccount", serviceAccountName!);
        Assert.Equal("true", account.Text("automountServiceAccountToken"));

        var binding = Kubernetes.Base("RoleBinding").Single();
        Assert.Contains(binding.Maps("subjects"), s => s.Text("kind") == "ServiceAccount" && s.Text("name") == serviceAccountName);
        var role = Kubernetes.Named("Role", binding.Path("roleRef")!.Text("name")!);
        var rule = Assert.Single(role.Maps("rules"));
        Assert.Equal(["pods"], rule.List("resources").OfType<string>());
        Assert.Equal(["delete", "get", "list", "patch", "watch"], rule.List("verbs").OfType<string>().Order(StringComparer.Ordinal));
        Assert.Empty(Kubernetes.Base("ClusterRole"));
    }
}
