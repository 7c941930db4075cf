output "database" {
  description = "Name of the Glue database."
  value       = aws_glue_catalog_database.this.name
}

output "database_arn" {
  description = "ARN of the Glue database."
  value       = aws_glue_catalog_database.this.arn
}

output "tables" {
  description = "Table names per dataset: map of dataset key => { raw = <raw table>, curated = <curated table> }."
  value = {
    for key in keys(var.datasets) : key => {
      raw     = aws_glue_catalog_table.raw[key].name
      curated = aws_glue_catalog_table.curated[key].name
    }
  }
}

output "table_locations" {
  description = "S3 locations per dataset: map of dataset key => { raw = s3://..., curated = s3://... }."
  value = {
    for key in keys(var.datasets) : key => {
      raw     = aws_glue_catalog_table.raw[key].storage_descriptor[0].location
      curated = aws_glue_catalog_table.curated[key].storage_descriptor[0].location
    }
  }
}
