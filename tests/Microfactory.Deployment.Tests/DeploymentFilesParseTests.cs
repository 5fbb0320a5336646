using System.Text.Json;
using Microfactory.Deployment.Tests.Support;

namespace Microfactory.Deployment.Tests;

public sealed class DeploymentFilesParseTests
{
    public static TheoryData<string> YamlFiles() => new(AssetFiles(".yaml", ".yml"));

    public static TheoryData<string> JsonFiles() => new(AssetFiles(".json"));

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Yaml_file_parses(string file)
    {
        var documents = Yaml.LoadFile(Repo.PathOf(file));
        Assert.NotEmpty(documents);

        // Config files carried inside ConfigMaps are YAML too, and a broken one only shows when the pod starts.
        foreach (var map in documents.OfType<YamlMap>().Where(d => d.Text("kind") == "ConfigMap"))
        {
            foreach (var (key, value) in map.Map("data")?.Entries ?? new Dictionary<string, object?>())
            {
                if (key.EndsWith(".yaml", StringComparison.Ordinal) || key.EndsWith(".yml", StringComparison.Ordinal))
                {
                    Assert.IsType<YamlMap>(Assert.Single(Yaml.LoadAll((string)value!)));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(JsonFiles))]
    public void Json_file_parses(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repo.PathOf(file)));
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    [Fact]
    public void The_expected_assets_exist()
    {
        var all = AssetFiles(".yaml", ".yml", ".json", "Dockerfile").ToHashSet(StringComparer.Ordinal);
        string[] expected =
        [
            "deploy/compose.yaml", "deploy/orchestrator.Dockerfile", "deploy/site-agent.Dockerfile", "deploy/otel-collector/config.yaml",
            "deploy/grafana/provisioning/datasources/datasources.yaml", "deploy/grafana/dashboards/network-overview.json",
            "deploy/grafana/dashboards/site-detail.json", "deploy/grafana/dashboards/order-trace-search.json",
            "k8s/kustomization.yaml", "k8s/base/kustomization.yaml", "k8s/overlays/workload-identity/kustomization.yaml",
        ];
        Assert.All(expected, e => Assert.Contains(e, all));
    }

    [Fact]
    public void Kustomizations_name_only_files_that_exist()
    {
        var kustomizations = Repo.Files(Repo.K8s, "kustomization.yaml").ToList();
        Assert.True(kustomizations.Count >= 3, "k8s/, its base and its overlay each need a kustomization.yaml");
        foreach (var file in kustomizations)
        {
            var kustomization = Yaml.LoadMap(file);
            var directory = Path.GetDirectoryName(file)!;
            var referenced = kustomization.List("resources").OfType<string>()
                .Concat(kustomization.Maps("patches").Select(p => p.Text("path")).OfType<string>());
            foreach (var reference in referenced)
            {
                var path = Path.GetFullPath(Path.Combine(directory, reference));
                Assert.True(File.Exists(path) || File.Exists(Path.Combine(path, "kustomization.yaml")), $"{Repo.Relative(file)} names '{reference}', which does not exist.");
            }
        }

        // Every manifest in the base is in its kustomization, so nothing written is left out of a deployment.
        var baseDirectory = Path.Combine(Repo.K8s, "base");
        var listed = Yaml.LoadMap(Path.Combine(baseDirectory, "kustomization.yaml")).List("resources").OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var manifest in Directory.EnumerateFiles(baseDirectory, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml"))
        {
            Assert.True(listed.Contains(manifest!), $"k8s/base/{manifest} is not listed in k8s/base/kustomization.yaml.");
        }

        // kustomize refuses an overlay inside the directory it builds on (a cycle), so no kustomization may list a parent of itself.
        foreach (var file in kustomizations)
        {
            var directory = Path.GetDirectoryName(file)!;
            foreach (var resource in Yaml.LoadMap(file).List("resources").OfType<string>())
            {
                var target = Path.GetFullPath(Path.Combine(directory, resource));
                Assert.False(directory.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal),
                    $"{Repo.Relative(file)} builds on '{resource}', a directory that contains it: kustomize rejects the cycle.");
            }
        }
    }

    [Fact]
    public void Compose_mounts_and_builds_only_files_that_exist()
    {
        var services = Yaml.LoadMap(Path.Combine(Repo.Deploy, "compose.yaml")).Map("services")!;
        foreach (var (name, value) in services.Entries)
        {
            var service = (YamlMap)value!;
            foreach (var volume in service.List("volumes").OfType<string>().Where(v => v.StartsWith("./", StringComparison.Ordinal)))
            {
                var source = Path.Combine(Repo.Deploy, volume.Split(':')[0]);
                Assert.True(File.Exists(source) || Directory.Exists(source), $"compose service '{name}' mounts '{volume}', whose source does not exist.");
            }

            if (service.Map("build") is { } build)
            {
                var context = Path.GetFullPath(Path.Combine(Repo.Deploy, build.Text("context") ?? "."));
                Assert.True(File.Exists(Path.Combine(context, build.Text("dockerfile") ?? "Dockerfile")), $"compose service '{name}' builds a Dockerfile that does not exist.");
            }
        }
    }

    private static IEnumerable<string> AssetFiles(params string[] extensions) =>
        new[] { Repo.Deploy, Repo.K8s }.SelectMany(d => Repo.Files(d, extensions)).Select(Repo.Relative);
}
