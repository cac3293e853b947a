using Tally.Storage;
using Tally.Storage.Sql;

// Usage: Tally.MigrationHarness DB
// Opens the store DB names, as tally does, and migrates it; inside the migration transaction, after the last
// migration and before the commit, prints "inside the migration transaction" and waits until it is killed.
if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("usage: Tally.MigrationHarness DB");
    return 2;
}

await using var store = await FillStores.OpenAsync(args[0], CancellationToken.None);
((SqlFillStore)store).Migrator.BeforeCommitAsync = async cancellationToken =>
{
    Console.WriteLine("inside the migration transaction");
    await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
};
await store.MigrateAsync(CancellationToken.None);
return 1; // only a kill should end it
