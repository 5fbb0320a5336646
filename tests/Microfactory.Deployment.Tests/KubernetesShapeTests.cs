using Microfactory.Deployment.Tests.Apps;
using Microfactory.Deployment.Tests.Support;
using Microfactory.Storage.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Microfactory.Deployment.Tests;

public sealed class KubernetesShapeTests
{
    [Fact]
    public void The_orchestrator_runs_at_least_two_replicas_that_the_autoscaler_and_disruption_budget_keep()
    {
        var deployment = Kubernetes.Orchestrator();
        Assert.True(Kubernetes.Int(deployment.Path("spec")!.Text("replicas")) >= 2, "the orchestrator needs at least 2 replicas");
        var podLabels = deployment.Path("spec", "template", "metadata", "labels")!.Entries;

        var hpa = Kubernetes.Base("HorizontalPodAutoscaler").Single();
        Assert.Equal(("Deployment", "orchestrator"), (hpa.Path("spec", "scaleTargetRef")!.Text("kind"), hpa.Path("spec", "scaleTargetRef")!.Text("name")));
        Assert.True(Kubernetes.Int(hpa.Path("spec")!.Text("minReplicas")) >= 2, "the autoscaler must not scale below 2");

        var pdb = Kubernetes.Base("PodDisruptionBudget").Single();
        var selector = pdb.Path("spec", "selector", "matchLabels")!.Entries;
        Assert.All(selector, label => Assert.Equal(label.Value, podLabels.GetValueOrDefault(label.Key)));
        Assert.True(Kubernetes.Int(pdb.Path("spec")!.Text("minAvailable")) < Kubernetes.Int(hpa.Path("spec")!.Text("minReplicas")), "a budget as large as the replica count blocks every node drain");
    }

    [Fact]
    public void The_orchestrator_pod_is_non_root_bounded_and_outlives_its_drain()
    {
        var deployment = Kubernetes.Orchestrator();
        var pod = deployment.Path("spec", "template", "spec")!;
        var container = Kubernetes.OrchestratorContainer(deployment);
        Assert.Equal("true", pod.Path("securityContext")?.Text("runAsNonRoot"));
        Assert.NotEqual("0", pod.Path("securityContext")?.Text("runAsUser"));
        Assert.Equal("false", container.Path("securityContext")?.Text("allowPrivilegeEscalation"));
        Assert.NotNull(container.Path("resources", "requests")?.Text("cpu"));
        Assert.NotNull(container.Path("resources", "requests")?.Text("memory"));
        Assert.NotNull(container.Path("resources", "limits")?.Text("memory"));

        // The drain: the preStop pause, then the host's shutdown timeout for in-flight requests and hosted services.
        var preStop = TimeSpan.FromSeconds(container.Path("lifecycle", "preStop", "sleep")?.Text("seconds") is { } s ? Kubernetes.Int(s) : 0);
        var drain = preStop + new HostOptions().ShutdownTimeout;
        var grace = TimeSpan.FromSeconds(Kubernetes.Int(pod.Text("terminationGracePeriodSeconds")));
        Assert.True(grace > drain, $"terminationGracePeriodSeconds ({grace.TotalSeconds}s) must exceed the drain ({drain.TotalSeconds}s).");
    }

    [Fact]
    public void Secrets_are_referenced_never_written_in_the_manifests()
    {
        var deployment = Kubernetes.Orchestrator();
        var container = Kubernetes.OrchestratorContainer(deployment);
        var env = container.Maps("env").ToDictionary(e => e.Text("name") ?? "");
        foreach (var secret in new[] { "Store__ConnectionString", "Auth__ApiKeys__0__Key", "Auth__ApiKeys__1__Key" })
        {
            Assert.True(env.TryGetValue(secret, out var variable) && variable.Path("valueFrom", "secretKeyRef") is not null, $"{secret} must come from a Secret (valueFrom.secretKeyRef).");
        }

        Assert.Contains(container.Maps("envFrom"), source => source.Map("secretRef") is not null);
        Assert.DoesNotContain(Kubernetes.Documents(), d => d.Doc.Text("kind") == "Secret");
        var configMap = Kubernetes.Named("ConfigMap", "microfactory-orchestrator").Map("data")!.Entries.Keys;
        // Orleans' "ServiceKey" names a registered client (the Store account), not a secret.
        Assert.DoesNotContain(configMap, key => (key.EndsWith("Key", StringComparison.Ordinal) && !key.EndsWith("__ServiceKey", StringComparison.Ordinal))
            || key.Contains("Credential", StringComparison.Ordinal) || key.EndsWith("ConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public void The_workload_identity_overlay_gives_a_store_configuration_the_app_accepts()
    {
        var overlay = AppContainers.InKubernetes().Single(c => c.Where.StartsWith("k8s/overlays/workload-identity/", StringComparison.Ordinal));
        var baseContainer = AppContainers.InKubernetes().Single(c => c.Where.StartsWith("k8s/base/orchestrator-deployment.yaml", StringComparison.Ordinal));
        // What the pod gets once kustomize applies the patch: the base environment, minus deletions, plus the patch.
        var patch = Kubernetes.Documents().Where(d => d.File.StartsWith("k8s/overlays/workload-identity/", StringComparison.Ordinal) && d.Doc.Text("kind") == "Deployment")
            .SelectMany(d => d.Doc.Path("spec", "template", "spec")!.Maps("containers")).SelectMany(c => c.Maps("env")).ToList();
        var deleted = patch.Where(e => e.Text("$patch") == "delete").Select(e => e.Text("name")).ToHashSet();
        var environment = baseContainer.Environment.Where(e => !deleted.Contains(e.Key))
            .Concat(overlay.Environment).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value);

        Assert.DoesNotContain("Store__ConnectionString", environment.Keys);
        var store = EffectiveConfiguration.For(overlay with { Environment = environment }).GetSection(StoreOptions.Section).Get<StoreOptions>()!;
        Assert.Equal(StoreKind.AzureBlob, store.Kind);
        Assert.NotNull(store.AccountUrl);
        Assert.Null(store.Problem());

        var serviceAccount = Kubernetes.Documents().Single(d => d.File.StartsWith("k8s/overlays/", StringComparison.Ordinal) && d.Doc.Text("kind") == "ServiceAccount").Doc;
        Assert.Equal(Kubernetes.Orchestrator().Path("spec", "template", "spec")!.Text("serviceAccountName"), serviceAccount.Path("metadata")!.Text("name"));
        Assert.NotNull(serviceAccount.Path("metadata", "annotations")?.Text("azure.workload.identity/client-id"));
        var podLabels = Kubernetes.Documents().Single(d => d.File.StartsWith("k8s/overlays/", StringComparison.Ordinal) && d.Doc.Text("kind") == "Deployment").Doc
            .Path("spec", "template", "metadata", "labels");
        Assert.Equal("true", podLabels?.Text("azure.workload.identity/use"));
    }

    [Fact]
    public void The_base_store_configuration_is_one_the_app_accepts_once_the_secret_is_there()
    {
        var app = AppContainers.InKubernetes().Single(c => c.Where.StartsWith("k8s/base/orchestrator-deployment.yaml", StringComparison.Ordinal));
        // The connection string comes from a Secret the manifests only reference; stand in a valid one.
        var environment = new Dictionary<string, string?>(app.Environment) { ["Store__ConnectionString"] = "UseDevelopmentStorage=true" };
        var store = EffectiveConfiguration.For(app with { Environment = environment }).GetSection(StoreOptions.Section).Get<StoreOptions>()!;
        Assert.Equal(StoreKind.AzureBlob, store.Kind); // replicas must share one store
        Assert.Null(store.Problem());
    }
}
