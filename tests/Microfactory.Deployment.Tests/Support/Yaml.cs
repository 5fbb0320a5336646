using YamlDotNet.RepresentationModel;

namespace Microfactory.Deployment.Tests.Support;

/// <summary>
/// YAML read into plain values: a mapping is a <see cref="YamlMap"/>, a sequence a list, a scalar its string.
/// Plain values keep the checks short and independent of any schema.
/// </summary>
public static class Yaml
{
    public static IReadOnlyList<object?> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => ToPlain(d.RootNode))];
    }

    public static IReadOnlyList<object?> LoadFile(string path) => LoadAll(File.ReadAllText(path));

    public static YamlMap LoadMap(string path) =>
        LoadFile(path).SingleOrDefault() as YamlMap ?? throw new InvalidDataException($"{Repo.Relative(path)} is not one YAML mapping.");

    private static object? ToPlain(YamlNode node) => node switch
    {
        YamlMappingNode map => new YamlMap(map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => ToPlain(c.Value), StringComparer.Ordinal)),
        YamlSequenceNode seq => seq.Children.Select(ToPlain).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };
}

/// <summary>A YAML mapping with lookups that say which key was missing.</summary>
public sealed class YamlMap(Dictionary<string, object?> entries)
{
    public IReadOnlyDictionary<string, object?> Entries => entries;

    public object? this[string key] => entries.GetValueOrDefault(key);

    public YamlMap? Map(string key) => this[key] as YamlMap;

    public IReadOnlyList<object?> List(string key) => this[key] as List<object?> ?? [];

    public IEnumerable<YamlMap> Maps(string key) => List(key).OfType<YamlMap>();

    public string? Text(string key) => this[key] as string;

    /// <summary>Follows a path of mapping keys, e.g. "spec", "template", "spec".</summary>
    public YamlMap? Path(params string[] keys)
    {
        var current = this;
        foreach (var key in keys)
        {
            current = current?.Map(key);
        }

        return current;
    }
}
