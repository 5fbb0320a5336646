using System.Text.RegularExpressions;
using Microfactory.Deployment.Tests.Support;

namespace Microfactory.Deployment.Tests.Apps;

/// <summary>One place an app runs (a compose service or a k8s container) and the environment it is given there.</summary>
public sealed record AppContainer(App App, string Where, IReadOnlyDictionary<string, string?> Environment);

/// <summary>Finds the apps in deploy/compose.yaml and the k8s manifests (base and overlays) with their environments.</summary>
public static partial class AppContainers
{
    public static string ComposeFile => Path.Combine(Repo.Deploy, "compose.yaml");

    /// <summary>Which app an image is; null for third-party images. An unknown microfactory/ image is an error, not a skip.</summary>
    public static App? AppOfImage(string? image)
    {
        if (image is null || !image.StartsWith("microfactory/", StringComparison.Ordinal))
        {
            return null;
        }

        var name = image["microfactory/".Length..].Split(':')[0];
        return name switch
        {
            "orchestrator" => App.Orchestrator,
            "site-agent" => App.SiteAgent,
            _ => throw new InvalidDataException($"Image '{image}' is no app this repository builds (microfactory/orchestrator, microfactory/site-agent)."),
        };
    }

    public static IReadOnlyList<AppContainer> InCompose()
    {
        var compose = Yaml.LoadMap(ComposeFile);
        var found = new List<AppContainer>();
        foreach (var (name, value) in compose.Map("services")?.Entries ?? throw new InvalidDataException("compose.yaml has no services"))
        {
            var service = (YamlMap)value!;
            if (AppOfImage(service.Text("image")) is { } app)
            {
                found.Add(new AppContainer(app, $"deploy/compose.yaml service '{name}'", ComposeEnvironment(service)));
            }
        }

        return found;
    }

    public static IReadOnlyList<AppContainer> InKubernetes()
    {
        var documents = Repo.Files(Repo.K8s, ".yaml", ".yml")
            .SelectMany(file => Yaml.LoadFile(file).OfType<YamlMap>().Select(doc => (File: file, Doc: doc)))
            .ToList();
        var configMaps = documents.Where(d => d.Doc.Text("kind") == "ConfigMap")
            .ToDictionary(d => d.Doc.Path("metadata")?.Text("name") ?? "", d => d.Doc.Map("data"));

        var containers = documents
            .Where(d => d.Doc.Text("kind") is "Deployment" or "StatefulSet" or "DaemonSet")
            .SelectMany(d => d.Doc.Path("spec", "template", "spec")?.Maps("containers").Select(c => (d.File, Container: c)) ?? [])
            .ToList();
        // Overlay patches name the container but not its image; the base tells which app it is.
        var appByName = containers
            .Where(c => AppOfImage(c.Container.Text("image")) is not null)
            .ToDictionary(c => c.Container.Text("name") ?? "", c => AppOfImage(c.Container.Text("image"))!.Value);

        var found = new List<AppContainer>();
        foreach (var (file, container) in containers)
        {
            var name = container.Text("name") ?? "";
            App? app = container.Text("image") is { } image ? AppOfImage(image) : appByName.TryGetValue(name, out var known) ? known : null;
            if (app is null)
            {
                continue;
            }

            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var source in container.Maps("envFrom"))
            {
                if (source.Map("configMapRef")?.Text("name") is { } mapName)
                {
                    var data = configMaps.GetValueOrDefault(mapName)
                        ?? throw new InvalidDataException($"{Repo.Relative(file)}: container '{name}' takes envFrom ConfigMap '{mapName}', which no manifest defines.");
                    foreach (var (key, value) in data.Entries)
                    {
                        environment[key] = value as string;
                    }
                }
            }

            foreach (var variable in container.Maps("env"))
            {
                if (variable.Text("$patch") != "delete")
                {
                    environment[variable.Text("name") ?? ""] = variable.Text("value");
                }
            }

            found.Add(new AppContainer(app.Value, $"{Repo.Relative(file)} container '{name}'", environment));
        }

        return found;
    }

    /// <summary>Variables set only so another value can use them through Kubernetes' $(NAME) expansion.</summary>
    public static IReadOnlySet<string> ExpansionInputs(AppContainer container) =>
        container.Environment.Values
            .SelectMany(v => v is null ? [] : Expansion().Matches(v).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, string?> ComposeEnvironment(YamlMap service)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        switch (service["environment"])
        {
            case YamlMap map:
                foreach (var (key, value) in map.Entries)
                {
                    environment[key] = value as string;
                }

                break;
            case List<object?> list:
                foreach (var entry in list.OfType<string>())
                {
                    var split = entry.Split('=', 2);
                    environment[split[0]] = split.Length == 2 ? split[1] : null;
                }

                break;
        }

        return environment;
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Expansion();
}
