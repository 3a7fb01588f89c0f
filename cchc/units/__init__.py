"""The unit hierarchy, unit groups and how documents name units."""
