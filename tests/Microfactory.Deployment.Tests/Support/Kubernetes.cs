using System.Globalization;

namespace Microfactory.Deployment.Tests.Support;

/// <summary>Lookups over the k8s/ manifests (base and overlays).</summary>
public static class Kubernetes
{
    public static IReadOnlyList<(string File, YamlMap Doc)> Documents() =>
        [.. Repo.Files(Repo.K8s, ".yaml", ".yml").SelectMany(f => Yaml.LoadFile(f).OfType<YamlMap>().Select(d => (Repo.Relative(f), d)))];

    public static IEnumerable<YamlMap> Base(string kind) =>
        Documents().Where(d => !d.File.StartsWith("k8s/overlays/", StringComparison.Ordinal) && d.Doc.Text("kind") == kind).Select(d => d.Doc);

    public static YamlMap Named(string kind, string name) =>
        Base(kind).SingleOrDefault(d => d.Path("metadata")?.Text("name") == name) ?? throw new InvalidDataException($"k8s/ has no {kind} '{name}'.");

    public static YamlMap Orchestrator() => Named("Deployment", "orchestrator");

    public static YamlMap OrchestratorContainer(YamlMap deployment) =>
        deployment.Path("spec", "template", "spec")!.Maps("containers").Single(c => c.Text("image")?.StartsWith("microfactory/orchestrator", StringComparison.Ordinal) == true);

    public static Dictionary<string, int> ContainerPorts(YamlMap container) =>
        container.Maps("ports").ToDictionary(p => p.Text("name") ?? "", p => Int(p.Text("containerPort")));

    /// <summary>A port given by name or number, as a number.</summary>
    public static int Resolve(string? port, IReadOnlyDictionary<string, int> named) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : named.TryGetValue(port ?? "", out var byName) ? byName
        : throw new InvalidDataException($"Port '{port}' is neither a number nor a named container port ({string.Join(", ", named.Keys)}).");

    public static int Int(string? value) => int.Parse(value ?? throw new InvalidDataException("missing number"), CultureInfo.InvariantCulture);
}
