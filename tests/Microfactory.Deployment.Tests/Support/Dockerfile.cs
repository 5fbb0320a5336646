namespace Microfactory.Deployment.Tests.Support;

public sealed record DockerInstruction(string Keyword, string Arguments);

public sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<string> Arguments(string keyword) =>
        Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    /// <summary>ENV settings of this stage, in the KEY=value form (the legacy "ENV KEY value" form too).</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var arguments in Arguments("ENV"))
        {
            if (!arguments.Contains('=', StringComparison.Ordinal))
            {
                var split = arguments.Split(' ', 2, StringSplitOptions.TrimEntries);
                environment[split[0]] = split.Length == 2 ? split[1] : "";
                continue;
            }

            foreach (var pair in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var split = pair.Split('=', 2);
                environment[split[0]] = split.Length == 2 ? split[1].Trim('"') : "";
            }
        }

        return environment;
    }
}

/// <summary>A Dockerfile read into stages and instructions: enough to check base images, users and ports.</summary>
public sealed class Dockerfile(string path, IReadOnlyList<DockerStage> stages)
{
    public string Path { get; } = path;

    public IReadOnlyList<DockerStage> Stages { get; } = stages;

    public DockerStage Final => Stages[^1];

    public static Dockerfile Parse(string path)
    {
        var stages = new List<(string Image, string? Name, List<DockerInstruction> Instructions)>();
        foreach (var line in LogicalLines(File.ReadAllLines(path)))
        {
            var split = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var keyword = split[0].ToUpperInvariant();
            var arguments = split.Length == 2 ? split[1] : "";
            if (keyword == "FROM")
            {
                var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var name = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                stages.Add((words[0], name, []));
            }
            else if (stages.Count == 0)
            {
                if (keyword != "ARG")
                {
                    throw new InvalidDataException($"{Repo.Relative(path)}: '{keyword}' before the first FROM.");
                }
            }
            else
            {
                stages[^1].Instructions.Add(new DockerInstruction(keyword, arguments));
            }
        }

        return new Dockerfile(path, [.. stages.Select(s => new DockerStage(s.Image, s.Name, s.Instructions))]);
    }

    /// <summary>Joins backslash continuations and drops comments and blank lines.</summary>
    private static IEnumerable<string> LogicalLines(string[] lines)
    {
        var current = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            if (current.Length > 0)
            {
                yield return current.Trim();
            }

            current = "";
        }
    }
}
