"""Adapters that put the cleaner inside other tools; each needs its optional extra.

    pip install 'cleaner[scrapy]'     # cleaner.integrations.scrapy.CleanerPipeline
    pip install 'cleaner[datatrove]'  # cleaner.integrations.datatrove.CleanerExtractor
    pip install 'cleaner[dask]'       # cleaner.integrations.dask.clean_bag, clean_shards

Nothing here is imported by `import cleaner`, so the core installs and imports without any of them.
"""
