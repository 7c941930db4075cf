# The Glue Data Catalog of the lake: one database, and per dataset a raw table (NDJSON, OpenX
# JSON SerDe) and a curated table (Parquet). Columns and partition keys are taken from
# var.datasets exactly as declared, in order.
#
# Partitions: NO partition projection. The ingest pipeline registers every partition in Glue
# itself (BatchCreatePartition / UpdatePartition), so that it can switch a season partition
# to a freshly written location atomically once the new files are complete. Projection would
# make Athena compute locations from the key instead, and that switch would be impossible.
# Terraform therefore manages tables only, never partitions.

resource "aws_glue_catalog_database" "this" {
  name        = var.database_name
  description = var.database_description

  tags = var.tags
}

resource "aws_glue_catalog_table" "raw" {
  for_each = var.datasets

  name          = each.value.raw.table
  database_name = aws_glue_catalog_database.this.name
  description   = "${each.value.description} Raw layer: the API's records as NDJSON, one JSON object per line, kept as they came."
  table_type    = "EXTERNAL_TABLE"

  # `dataset` and `layer` let readers (the TUI) tell raw and curated tables apart.
  parameters = {
    EXTERNAL       = "TRUE"
    classification = "json"
    dataset        = each.key
    layer          = "raw"
  }

  storage_descriptor {
    location      = "s3://${var.bucket}/${var.raw_prefix}/${each.value.raw.table}/"
    input_format  = "org.apache.hadoop.mapred.TextInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

    ser_de_info {
      name                  = "openx-json"
      serialization_library = "org.openx.data.jsonserde.JsonSerDe"
      parameters = {
        "ignore.malformed.json" = "FALSE"
        "case.insensitive"      = "TRUE"
      }
    }

    dynamic "columns" {
      for_each = each.value.raw.columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }

  dynamic "partition_keys" {
    for_each = each.value.raw.partition_keys
    content {
      name = partition_keys.value.name
      type = partition_keys.value.type
    }
  }
}

resource "aws_glue_catalog_table" "curated" {
  for_each = var.datasets

  name          = each.value.curated.table
  database_name = aws_glue_catalog_database.this.name
  description   = "${each.value.description} Curated layer: typed Parquet written by ingest."
  table_type    = "EXTERNAL_TABLE"

  # `dataset` and `layer` let readers (the TUI) tell raw and curated tables apart.
  parameters = {
    EXTERNAL       = "TRUE"
    classification = "parquet"
    dataset        = each.key
    layer          = "curated"
  }

  storage_descriptor {
    location      = "s3://${var.bucket}/${var.curated_prefix}/${each.value.curated.table}/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"

    ser_de_info {
      name                  = "parquet"
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    }

    dynamic "columns" {
      for_each = each.value.curated.columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }

  dynamic "partition_keys" {
    for_each = each.value.curated.partition_keys
    content {
      name = partition_keys.value.name
      type = partition_keys.value.type
    }
  }

  # An unpartitioned curated table (players, teams) is replaced by ingest writing a new
  # version folder and pointing the table at it (one UpdateTable, atomic for readers).
  # The location is ingest's from then on: Terraform must not point it back at the root.
  lifecycle {
    ignore_changes = [storage_descriptor[0].location]
  }
}
