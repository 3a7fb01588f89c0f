"""Plans, activities, responsibilities and reporting requirements."""
