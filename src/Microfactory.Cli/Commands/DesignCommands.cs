using System.CommandLine;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microfactory.Cli.Api;
using Microfactory.Cli.Output;
using Spectre.Console;

namespace Microfactory.Cli.Commands;

/// <summary><c>mf designs upload|show</c>: a design version's bundle and the versions of a product.</summary>
public static class DesignCommands
{
    private const string Sha256Header = "X-Content-SHA256";

    public static Command Create(GlobalOptions globals, CliIO io)
    {
        var designs = new Command("designs", "Design versions and their bundles");
        designs.Subcommands.Add(Upload(globals, io));
        designs.Subcommands.Add(ShowDesign(globals, io));
        return designs;
    }

    private static Command Upload(GlobalOptions globals, CliIO io)
    {
        var design = new Argument<string>("design") { Description = "The registered version, product@version (for example bracket@2.0.0)" };
        var file = new Argument<FileInfo>("file") { Description = "The bundle: CAD, G-code, work instructions (any bytes)" };
        file.AcceptExistingOnly();
        var command = new Command("upload", "Upload a version's bundle (admin); its SHA-256 is computed here and checked by the API") { design, file };
        return command.Runs(globals, io, async (context, ct) =>
        {
            var (product, version) = Split(context.Value(design));
            var bundle = context.Value(file);
            var response = await UploadAsync(context, $"/api/designs/{Uri.EscapeDataString(product)}/versions/{Uri.EscapeDataString(version)}/bundle", bundle, ct);
            if (context.PrintedJson(response.Answer))
            {
                return ExitCodes.Ok;
            }

            var stored = response.Answer.Read<DesignVersion>();
            if (stored.BundleSha256 != response.Sha256)
            {
                throw new CliException(ExitCodes.Rejected,
                    $"{product}@{version} already has another bundle: sha256 {stored.BundleSha256} is stored, this file is sha256 {response.Sha256}. Publish a new version instead.");
            }

            context.Console.Write(Show.Facts(
                ("Design", Show.Text($"{stored.Product}@{stored.Version}")),
                ("Stored sha256", Show.Text(stored.BundleSha256)),
                ("Size", $"{stored.BundleSize} bytes")));
            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// Two passes over the file, each with a progress bar: the first computes the SHA-256 the header must carry
    /// (headers go before the body), the second streams the body while hashing it again, so a file changed in
    /// between is caught here as well as by the API's own check.
    /// </summary>
    private static async Task<(ApiResponse Answer, string Sha256)> UploadAsync(CommandContext context, string path, FileInfo bundle, CancellationToken ct)
    {
        var size = bundle.Length;
        string? declared = null;
        ApiResponse? answer = null;
        long sentBytes = 0;
        using var resent = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await Progress(context).StartAsync(async progress =>
        {
            var hashing = progress.AddTask($"Hashing {Markup.Escape(bundle.Name)}", maxValue: Math.Max(size, 1));
            using (var first = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var read = new ObservedReadStream(Open(bundle), block => { first.AppendData(block); hashing.Increment(block.Length); }))
            {
                await read.CopyToAsync(Stream.Null, ct);
                declared = Convert.ToHexStringLower(first.GetHashAndReset());
                hashing.Value = hashing.MaxValue;
            }

            var uploading = progress.AddTask($"Uploading {Markup.Escape(bundle.Name)}", maxValue: Math.Max(size, 1));
            var body = new ObservedReadStream(Open(bundle), block =>
            {
                resent.AppendData(block);
                sentBytes += block.Length;
                uploading.Increment(block.Length);
            });
            var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StreamContent(body, 81920) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            request.Content.Headers.ContentLength = size;
            request.Headers.Add(Sha256Header, declared);
            answer = await context.Api.SendAsync(request, ct, timeout: false);
            uploading.Value = uploading.MaxValue;
        });

        // The API may answer before reading the whole body (it already holds a bundle for the version): then there is nothing to compare.
        var sent = Convert.ToHexStringLower(resent.GetHashAndReset());
        if (sentBytes == size && sent != declared)
        {
            throw new CliException(ExitCodes.Rejected, $"{bundle.FullName} changed while it was uploaded (sha256 {declared} before, {sent} as sent); upload it again.");
        }

        return (answer!, declared!);
    }

    private static Command ShowDesign(GlobalOptions globals, CliIO io)
    {
        var product = new Argument<string>("product") { Description = "The product, for example bracket" };
        var command = new Command("show", "A product's design versions with their bundles") { product };
        return command.Runs(globals, io, async (context, ct) =>
        {
            var response = await context.Api.GetAsync($"/api/designs/{Uri.EscapeDataString(context.Value(product))}", ct);
            if (context.PrintedJson(response))
            {
                return ExitCodes.Ok;
            }

            var table = Show.Table("Version", "Capabilities", "Bundle sha256", "Bytes");
            foreach (var v in response.Read<List<DesignVersion>>())
            {
                table.AddRow(Show.Text(v.Version), Show.Text(string.Join(", ", v.Capabilities)), Show.Text(v.BundleSha256), Show.Text(v.BundleSize?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            context.Console.Write(table);
            return ExitCodes.Ok;
        });
    }

    private static (string Product, string Version) Split(string design)
    {
        var at = design.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < design.Length - 1
            ? (design[..at], design[(at + 1)..])
            : throw new CliException(ExitCodes.Usage, $"'{design}' is not product@version (for example bracket@2.0.0).");
    }

    private static FileStream Open(FileInfo file) =>
        new(file.FullName, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });

    private static Spectre.Console.Progress Progress(CommandContext context) => context.IO.ErrorConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn());
}
